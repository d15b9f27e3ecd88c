package teller.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

public interface ApiTokenStore {
    Optional<ApiToken> findByName(String name);

    ApiToken insert(String name, String tokenHash, Set<String> scopes, String createdBy, Instant createdAt);

    /** An unrevoked token by the hash of its secret. */
    Optional<ApiToken> findActive(String tokenHash);

    /** Revokes the token; empty when there is no such token. */
    Optional<ApiToken> revoke(long id, Instant at);

    void touch(long id, Instant at);

    List<ApiToken> list();
}
