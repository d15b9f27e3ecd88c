package teller.server.approval;

import java.time.Instant;
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

    /** Approves DEPOSIT orders as one unit; each order gets its own outcome. */
    List<DepositOutcome> approveDeposits(List<DepositApproval> approvals, long bucketHint);
}
