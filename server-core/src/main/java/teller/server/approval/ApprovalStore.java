package teller.server.approval;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import teller.server.common.Actor;
import teller.server.orders.Order;

/**
 * Every write of an order's status, each with its history row. Implemented by the database layer;
 * nothing outside the approval package may change an order's status (tested, and refused by a
 * trigger for any transaction that has not declared itself the approval path).
 */
public interface ApprovalStore {
    /** Locks the order for a decision in the current transaction. */
    Optional<Order> lockForDecision(long orderId);

    /** Locks these orders for a decision in the current transaction, in id order, in one statement. */
    void lockForDecision(Collection<Long> orderIds);

    /**
     * PENDING_REVIEW or APPROVED_FAILED -> EXECUTING for {@code attempt}, with its hold and lease.
     * {@code approver} is recorded as the order's approver when {@code recordApprover}.
     */
    void markExecuting(Order order, Actor approver, boolean recordApprover, String note, int attempt, long holdTransactionId,
                       Instant leaseUntil);

    /** EXECUTING -> APPROVED_EXECUTED ({@code executed}) or APPROVED_FAILED, for the given attempt. */
    void completeExecution(Order order, boolean executed, String error, Map<String, Object> result, Actor actor);

    void reject(Order order, Actor actor, String reason);

    void markVoided(Order order, Actor actor, String reason, long reversalTransactionId);

    /**
     * Renews the lease of an EXECUTING attempt, only if it still holds exactly {@code expectedLease}
     * (the lease value acts as a fencing token: once recovery has claimed the order, the value has
     * changed). Returns false when the caller no longer owns the attempt and must not call the provider.
     */
    boolean renewLease(long orderId, int attempt, Instant expectedLease, Instant leaseUntil);

    /** Claims EXECUTING orders whose lease ran out by extending it to {@code leaseUntil}; skips locked ones. */
    List<Long> claimExpiredExecutions(Instant now, Instant leaseUntil, int limit);

    /**
     * Writes everything a decided batch wrote (decisions 0135, 0170): see {@link BatchWrites}. Each
     * accepted deposit gets its posting under the ledger transaction id it was given, its
     * APPROVED_EXECUTED status and history, and the audit row and event it was given; every key's
     * answer is stored (or the key given up). The caller's transaction commits with it, in one
     * round trip, so the caller's own commit then sends nothing: the last call of a transaction.
     * Returns each deposit's posting transaction id as the database recorded it, in order.
     */
    List<Long> applyBatchAndCommit(BatchWrites writes, long bucketHint);

    /**
     * One approved deposit as the store writes it. {@code legs} are the posting's legs by account
     * code (a house account opens on first use), recorded as ledger transaction {@code transactionId}
     * (drawn by {@link ApprovalFactsStore#lockAndLoad}); the audit row's {@code ledgerTransactionId}
     * is filled in by the store.
     */
    record DepositWrite(Order order, Actor approver, String note, String ledgerKey, String ledgerKind,
                        List<ApprovalPostings.Posting> legs, Map<String, Object> ledgerMetadata,
                        teller.server.orders.OrderEvents.Announcement announcement, long transactionId) {
    }

    /** Orders record approvers as OPERATOR, TELEGRAM_BOT or SYSTEM. */
    static String approverType(Actor actor) {
        return switch (actor.type()) {
            case OPERATOR -> "OPERATOR";
            case TELEGRAM_BOT -> "TELEGRAM_BOT";
            case INTEGRATION, SYSTEM, ANONYMOUS -> "SYSTEM";
        };
    }
}
