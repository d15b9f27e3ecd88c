package teller.server.auth;

import java.time.Instant;
import java.util.Optional;

public interface SessionStore {
    void insert(String tokenHash, long operatorId, Instant expiresAt, String origin);

    /** The operator of a live (unexpired, unrevoked) session; {@code now} decides expiry. */
    Optional<Session> findLive(String tokenHash, Instant now);

    void revoke(String tokenHash, Instant at);

    void touch(String tokenHash, Instant at);
}
