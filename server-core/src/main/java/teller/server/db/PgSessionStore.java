package teller.server.db;

import java.time.Instant;
import java.util.Optional;
import teller.server.auth.Session;
import teller.server.auth.SessionStore;

public final class PgSessionStore implements SessionStore {
    private final JdbiTransactor tx;

    public PgSessionStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public void insert(String tokenHash, long operatorId, Instant createdAt, Instant expiresAt, String origin) {
        tx.handle().createUpdate("""
                        INSERT INTO sessions (token_hash, operator_id, created_at, last_seen_at, expires_at, origin)
                        VALUES (:hash, :op, :at, :at, :exp, :origin)""")
                .bind("hash", tokenHash).bind("op", operatorId).bind("at", Rows.utc(createdAt))
                .bind("exp", Rows.utc(expiresAt)).bind("origin", origin)
                .execute();
    }

    @Override
    public Optional<Session> findLive(String tokenHash, Instant now, Instant idleCutoff) {
        return tx.handle().createQuery("""
                        SELECT o.*, s.token_hash, s.expires_at AS session_expires_at FROM sessions s
                          JOIN operators o ON o.id = s.operator_id
                         WHERE s.token_hash = :hash AND s.revoked_at IS NULL AND s.expires_at > :now
                           AND s.last_seen_at > :idleCutoff AND o.active""")
                .bind("hash", tokenHash).bind("now", Rows.utc(now)).bind("idleCutoff", Rows.utc(idleCutoff))
                .map((rs, ctx) -> new Session(rs.getString("token_hash"), PgOperatorStore.OPERATOR.map(rs, ctx),
                        Rows.instant(rs, "session_expires_at")))
                .findOne();
    }

    @Override
    public void revoke(String tokenHash, Instant at) {
        tx.handle().createUpdate("UPDATE sessions SET revoked_at = :at WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("at", Rows.utc(at)).bind("hash", tokenHash).execute();
    }

    @Override
    public int revokeAllOf(long operatorId, Instant at) {
        return tx.handle().createUpdate("UPDATE sessions SET revoked_at = :at WHERE operator_id = :op AND revoked_at IS NULL")
                .bind("at", Rows.utc(at)).bind("op", operatorId).execute();
    }

    @Override
    public void touch(String tokenHash, Instant at) {
        tx.handle().createUpdate("UPDATE sessions SET last_seen_at = greatest(last_seen_at, :at) WHERE token_hash = :hash")
                .bind("at", Rows.utc(at)).bind("hash", tokenHash).execute();
    }
}
