package teller.server.auth;

import java.time.Instant;
import java.util.Set;

public record Operator(long id, String username, Set<Role> roles, boolean active, int failedLogins,
                       Instant lockedUntil, Instant createdAt) {
    public boolean hasAny(Set<Role> wanted) {
        return roles.stream().anyMatch(wanted::contains);
    }
}
