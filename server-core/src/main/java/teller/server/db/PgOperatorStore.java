package teller.server.db;

import java.sql.Array;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.mapper.RowMapper;
import teller.server.auth.Operator;
import teller.server.auth.OperatorStore;
import teller.server.auth.Role;

public final class PgOperatorStore implements OperatorStore {
    static final RowMapper<Operator> OPERATOR = (rs, ctx) -> {
        Array roles = rs.getArray("roles");
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        Arrays.stream((String[]) roles.getArray()).map(Role::valueOf).forEach(parsed::add);
        return new Operator(rs.getLong("id"), rs.getString("username"), parsed, rs.getBoolean("active"),
                rs.getInt("failed_logins"), Rows.instant(rs, "locked_until"), Rows.instant(rs, "created_at"));
    };

    private final JdbiTransactor tx;

    public PgOperatorStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Operator> findByUsername(String username) {
        return tx.handle().createQuery("SELECT * FROM operators WHERE username = :u").bind("u", username)
                .map(OPERATOR).findOne();
    }

    @Override
    public Optional<Operator> lockById(long operatorId) {
        return tx.handle().createQuery("SELECT * FROM operators WHERE id = :id FOR UPDATE").bind("id", operatorId)
                .map(OPERATOR).findOne();
    }

    @Override
    public Optional<String> passwordHash(long operatorId) {
        return tx.handle().createQuery("SELECT password_hash FROM operators WHERE id = :id").bind("id", operatorId)
                .mapTo(String.class).findOne();
    }

    @Override
    public Operator insert(String username, String passwordHash, Set<Role> roles) {
        return tx.handle().createQuery("""
                        INSERT INTO operators (username, password_hash, roles) VALUES (:u, :hash, CAST(:roles AS text[]))
                        RETURNING *""")
                .bind("u", username).bind("hash", passwordHash)
                .bindArray("roles", String.class, roles.stream().map(Enum::name).sorted().toList())
                .map(OPERATOR).one();
    }

    @Override
    public void setPasswordHash(long operatorId, String passwordHash) {
        tx.handle().createUpdate("UPDATE operators SET password_hash = :hash WHERE id = :id")
                .bind("hash", passwordHash).bind("id", operatorId).execute();
    }

    @Override
    public void recordLoginFailure(long operatorId, int lockAfterFailures, Instant now, Instant lockUntil) {
        // A lock that ran out starts a fresh count, so one more wrong guess does not lock again at once.
        tx.handle().createUpdate("""
                        UPDATE operators SET failed_logins = CASE WHEN locked_until <= :now THEN 1 ELSE failed_logins + 1 END,
                               locked_until = CASE
                                   WHEN (CASE WHEN locked_until <= :now THEN 1 ELSE failed_logins + 1 END) >= :max THEN :until
                                   WHEN locked_until <= :now THEN NULL
                                   ELSE locked_until END
                         WHERE id = :id""")
                .bind("max", lockAfterFailures).bind("until", Rows.utc(lockUntil)).bind("now", Rows.utc(now))
                .bind("id", operatorId).execute();
    }

    @Override
    public void recordLoginSuccess(long operatorId) {
        tx.handle().createUpdate("UPDATE operators SET failed_logins = 0, locked_until = NULL WHERE id = :id")
                .bind("id", operatorId).execute();
    }

    @Override
    public Operator update(long operatorId, Set<Role> roles, boolean active) {
        return tx.handle().createQuery("""
                        UPDATE operators SET roles = CAST(:roles AS text[]), active = :active WHERE id = :id RETURNING *""")
                .bindArray("roles", String.class, roles.stream().map(Enum::name).sorted().toList())
                .bind("active", active).bind("id", operatorId)
                .map(OPERATOR).one();
    }

    @Override
    public List<Operator> list() {
        return tx.handle().createQuery("SELECT * FROM operators ORDER BY username").map(OPERATOR).list();
    }
}
