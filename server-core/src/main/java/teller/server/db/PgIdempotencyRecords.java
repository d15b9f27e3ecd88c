package teller.server.db;

import java.time.Duration;
import java.util.Optional;
import teller.server.common.IdempotencyRecords;

public final class PgIdempotencyRecords implements IdempotencyRecords {
    /**
     * A claim never completed for this long belongs to a request whose process died (no request
     * runs this long); the same request may take it over and run again.
     */
    static final Duration CLAIM_STALE = Duration.ofMinutes(2);

    private final JdbiTransactor tx;

    public PgIdempotencyRecords(JdbiTransactor tx) {
        this.tx = tx;
    }

    /**
     * Bookkeeping commits do not wait for their own WAL flush: the write they guard commits
     * synchronously afterwards, and PostgreSQL flushes WAL in order, so a durable write always
     * carries its claim with it. A crash can lose at most a claim or a stored response whose
     * write never became durable, or the response of one that did; the write itself is never lost
     * and never repeated, because approvals are idempotent on the order's state.
     */
    private void relaxCommit() {
        tx.handle().execute("SET LOCAL synchronous_commit TO OFF");
    }

    @Override
    public boolean claim(String principal, String key, String methodPath, String requestHash) {
        return tx.inTransaction(() -> {
            relaxCommit();
            return tx.handle().createUpdate("""
                        INSERT INTO idempotency_records (principal, key, method_path, request_hash)
                        VALUES (:principal, :key, :methodPath, :hash)
                        ON CONFLICT (principal, key) DO UPDATE SET created_at = now()
                         WHERE idempotency_records.status_code IS NULL
                           AND idempotency_records.created_at < now() - make_interval(secs => :staleSeconds)
                           AND idempotency_records.method_path = EXCLUDED.method_path
                           AND idempotency_records.request_hash = EXCLUDED.request_hash""")
                .bind("principal", principal).bind("key", key).bind("methodPath", methodPath).bind("hash", requestHash)
                .bind("staleSeconds", CLAIM_STALE.toSeconds())
                .execute() == 1;
        });
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
        tx.run(() -> {
            relaxCommit();
            tx.handle().createUpdate("""
                        UPDATE idempotency_records SET status_code = :status, response_body = :body, completed_at = now()
                         WHERE principal = :principal AND key = :key""")
                .bind("status", statusCode).bind("body", responseBody).bind("principal", principal).bind("key", key)
                .execute();
        });
    }

    @Override
    public void release(String principal, String key) {
        tx.run(() -> tx.handle().createUpdate("""
                        DELETE FROM idempotency_records WHERE principal = :principal AND key = :key AND status_code IS NULL""")
                .bind("principal", principal).bind("key", key).execute());
    }
}
