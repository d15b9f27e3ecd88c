package teller.server.db;

import java.util.Optional;
import teller.server.common.IdempotencyRecords;

public final class PgIdempotencyRecords implements IdempotencyRecords {
    private final JdbiTransactor tx;

    public PgIdempotencyRecords(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public boolean claim(String principal, String key, String methodPath, String requestHash) {
        return tx.inTransaction(() -> tx.handle().createUpdate("""
                        INSERT INTO idempotency_records (principal, key, method_path, request_hash)
                        VALUES (:principal, :key, :methodPath, :hash) ON CONFLICT DO NOTHING""")
                .bind("principal", principal).bind("key", key).bind("methodPath", methodPath).bind("hash", requestHash)
                .execute() == 1);
    }

    @Override
    public Optional<Stored> find(String principal, String key) {
        return tx.read(() -> tx.handle().createQuery("""
                        SELECT method_path, request_hash, status_code, response_body FROM idempotency_records
                         WHERE principal = :principal AND key = :key""")
                .bind("principal", principal).bind("key", key)
                .map((rs, ctx) -> new Stored(rs.getString("method_path"), rs.getString("request_hash"),
                        (Integer) rs.getObject("status_code"), rs.getString("response_body")))
                .findOne());
    }

    @Override
    public void complete(String principal, String key, int statusCode, String responseBody) {
        tx.run(() -> tx.handle().createUpdate("""
                        UPDATE idempotency_records SET status_code = :status, response_body = :body, completed_at = now()
                         WHERE principal = :principal AND key = :key""")
                .bind("status", statusCode).bind("body", responseBody).bind("principal", principal).bind("key", key)
                .execute());
    }

    @Override
    public void release(String principal, String key) {
        tx.run(() -> tx.handle().createUpdate("""
                        DELETE FROM idempotency_records WHERE principal = :principal AND key = :key AND status_code IS NULL""")
                .bind("principal", principal).bind("key", key).execute());
    }
}
