package teller.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

public interface OperatorStore {
    Optional<Operator> findByUsername(String username);

    Optional<String> passwordHash(long operatorId);

    Operator insert(String username, String passwordHash, Set<Role> roles);

    void setPasswordHash(long operatorId, String passwordHash);

    void recordLoginFailure(long operatorId, int lockAfterFailures, Instant lockUntil);

    void recordLoginSuccess(long operatorId);

    List<Operator> list();
}
