package teller.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

public interface OperatorStore {
    Optional<Operator> findByUsername(String username);

    /** Locks the operator's row for a change in the current transaction. */
    Optional<Operator> lockById(long operatorId);

    Optional<String> passwordHash(long operatorId);

    Operator insert(String username, String passwordHash, Set<Role> roles);

    void setPasswordHash(long operatorId, String passwordHash);

    /**
     * Counts a wrong password; the {@code lockAfterFailures}-th in a row locks the account until
     * {@code lockUntil}. A lock that has run out by {@code now} starts the count again.
     */
    void recordLoginFailure(long operatorId, int lockAfterFailures, Instant now, Instant lockUntil);

    void recordLoginSuccess(long operatorId);

    Operator update(long operatorId, Set<Role> roles, boolean active);

    List<Operator> list();
}
