package teller.server.auth;

import java.time.Instant;
import java.util.Optional;

public interface SessionStore {
    void insert(String tokenHash, long operatorId, Instant createdAt, Instant expiresAt, String origin);

    /**
     * The operator of a live session: unrevoked, not past {@code now}, used after {@code idleCutoff},
     * and of an active operator.
     */
    Optional<Session> findLive(String tokenHash, Instant now, Instant idleCutoff);

    void revoke(String tokenHash, Instant at);

    /** Ends every open session of an operator; returns how many. */
    int revokeAllOf(long operatorId, Instant at);

    void touch(String tokenHash, Instant at);
}
