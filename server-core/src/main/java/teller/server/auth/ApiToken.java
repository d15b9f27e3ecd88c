package teller.server.auth;

import java.time.Instant;
import java.util.Set;

/** An integration's credential (player portal, chat bot, payment provider); the secret itself is never kept. */
public record ApiToken(long id, String name, Set<String> scopes, Instant createdAt, String createdBy,
                       Instant revokedAt, Instant lastUsedAt) {
    public boolean active() {
        return revokedAt == null;
    }
}
