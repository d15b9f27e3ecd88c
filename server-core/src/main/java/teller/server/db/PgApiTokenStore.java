package teller.server.db;

import java.sql.Array;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.mapper.RowMapper;
import teller.server.auth.ApiToken;
import teller.server.auth.ApiTokenStore;

/** API tokens of migration V5: only the SHA-256 of each secret is stored. */
public final class PgApiTokenStore implements ApiTokenStore {
    private static final RowMapper<ApiToken> TOKEN = (rs, ctx) -> {
        Array scopes = rs.getArray("scopes");
        Set<String> parsed = new TreeSet<>(Arrays.asList((String[]) scopes.getArray()));
        return new ApiToken(rs.getLong("id"), rs.getString("name"), parsed, Rows.instant(rs, "created_at"),
                rs.getString("created_by"), Rows.instant(rs, "revoked_at"), Rows.instant(rs, "last_used_at"));
    };

    private final JdbiTransactor tx;

    public PgApiTokenStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public Optional<ApiToken> findByName(String name) {
        return tx.handle().createQuery("SELECT * FROM api_tokens WHERE name = :n").bind("n", name).map(TOKEN).findOne();
    }

    @Override
    public ApiToken insert(String name, String tokenHash, Set<String> scopes, String createdBy, Instant createdAt) {
        return tx.handle().createQuery("""
                        INSERT INTO api_tokens (name, token_hash, scopes, created_by, created_at)
                        VALUES (:n, :hash, CAST(:scopes AS text[]), :by, :at) RETURNING *""")
                .bind("n", name).bind("hash", tokenHash).bindArray("scopes", String.class, List.copyOf(scopes))
                .bind("by", createdBy).bind("at", Rows.utc(createdAt))
                .map(TOKEN).one();
    }

    @Override
    public Optional<ApiToken> findActive(String tokenHash) {
        return tx.handle().createQuery("SELECT * FROM api_tokens WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("hash", tokenHash).map(TOKEN).findOne();
    }

    @Override
    public Optional<ApiToken> revoke(long id, Instant at) {
        return tx.handle().createQuery("""
                        UPDATE api_tokens SET revoked_at = coalesce(revoked_at, :at) WHERE id = :id RETURNING *""")
                .bind("at", Rows.utc(at)).bind("id", id).map(TOKEN).findOne();
    }

    @Override
    public void touch(long id, Instant at) {
        tx.handle().createUpdate("""
                        UPDATE api_tokens SET last_used_at = :at WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)""")
                .bind("at", Rows.utc(at)).bind("id", id).execute();
    }

    @Override
    public List<ApiToken> list() {
        return tx.handle().createQuery("SELECT * FROM api_tokens ORDER BY name").map(TOKEN).list();
    }
}
