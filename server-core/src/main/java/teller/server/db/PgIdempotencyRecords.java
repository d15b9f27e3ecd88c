package teller.server.db;

import java.time.Duration;
import java.util.Optional;
import teller.server.common.IdempotencyRecords;

/**
 * Idempotency-Key records in {@code idempotency_records}, one per principal and key.
 *
 * <p>A claim carries its owner: the advisory-lock key of the claiming process ({@link PgClaimOwners},
 * decision 0070). The same request (same method, path and body hash) takes over a claim at once
 * when nobody holds that lock any more (the process died, or lost its database session), and
 * otherwise only after {@link #CLAIM_STALE} (a live process whose request was abandoned, and claims
 * from before owners were recorded).
 *
 * <p>The methods join a transaction already open on the calling thread (the {@link JdbiTransactor}
 * rule), so a caller may write the claim or the stored response in the same transaction as the
 * write it guards (the approval batch is meant to do so for approve requests); the commit is
 * then relaxed only when the method opened its own transaction.
 */
public final class PgIdempotencyRecords implements IdempotencyRecords {
    /**
     * A claim never completed for this long, whose owner still lives, belongs to a request that was
     * abandoned (no request runs this long); the same request may take it over and run again.
     */
    static final Duration CLAIM_STALE = Duration.ofMinutes(2);

    private final JdbiTransactor tx;
    private final PgClaimOwners owners;

    public PgIdempotencyRecords(JdbiTransactor tx, PgClaimOwners owners) {
        this.tx = tx;
        this.owners = owners;
    }

    /**
     * Bookkeeping commits do not wait for their own WAL flush: the write they guard commits
     * synchronously afterwards, and PostgreSQL flushes WAL in order, so a durable write always
     * carries its claim with it. A crash can lose at most a claim or a stored response whose
     * write never became durable, or the response of one that did; the write itself is never lost
     * and never repeated, because approvals are idempotent on the order's state.
     */
    private <T> T bookkeeping(java.util.function.Supplier<T> work) {
        boolean ownTransaction = !tx.inUnitOfWork();
        return tx.inTransaction(() -> {
            if (ownTransaction) {
                tx.handle().execute("SET LOCAL synchronous_commit TO OFF");
            }
            return work.get();
        });
    }

    @Override
    public boolean claim(String principal, String key, String methodPath, String requestHash) {
        int owner = owners.current();
        return bookkeeping(() -> tx.handle().createQuery("""
                        SELECT idempotency_claim(:principal, :key, :methodPath, :hash, :owner, :staleSeconds, :lockSpace)""")
                .bind("principal", principal).bind("key", key).bind("methodPath", methodPath).bind("hash", requestHash)
                .bind("owner", owner).bind("staleSeconds", CLAIM_STALE.toSeconds())
                .bind("lockSpace", PgClaimOwners.LOCK_SPACE)
                .mapTo(Boolean.class).one());
    }

    @Override
    public int claimOwner() {
        return owners.current();
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
        bookkeeping(() -> {
            tx.handle().createUpdate("""
                        UPDATE idempotency_records SET status_code = :status, response_body = :body, completed_at = now()
                         WHERE principal = :principal AND key = :key""")
                .bind("status", statusCode).bind("body", responseBody).bind("principal", principal).bind("key", key)
                .execute();
            return null;
        });
    }

    @Override
    public void release(String principal, String key) {
        tx.run(() -> tx.handle().createUpdate("""
                        DELETE FROM idempotency_records WHERE principal = :principal AND key = :key AND status_code IS NULL""")
                .bind("principal", principal).bind("key", key).execute());
    }
}
