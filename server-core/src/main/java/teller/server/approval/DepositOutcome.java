package teller.server.approval;

import teller.server.orders.ListedOrder;

/**
 * What one approval sent to the batcher came to when it was not refused; refusals complete the
 * approval's future exceptionally instead. {@code ledgerTransactionId} is the posting's, when posted;
 * {@code listed} is the order as the batch left it, read in the batch's transaction (null for
 * {@link Kind#ALREADY_RECORDED}); {@code ticket} is the attempt of {@link Kind#EXECUTION_BEGUN}.
 */
public record DepositOutcome(long orderId, Kind kind, Long ledgerTransactionId, ListedOrder listed,
                             ProviderExecutions.Ticket ticket) {
    public DepositOutcome(long orderId, Kind kind, Long ledgerTransactionId, ListedOrder listed) {
        this(orderId, kind, ledgerTransactionId, listed, null);
    }

    public enum Kind {
        /** Posted: the order is APPROVED_EXECUTED. */
        APPROVED,
        /** Recorded as the first of two approvals: the order stays PENDING_REVIEW. */
        FIRST_APPROVAL_RECORDED,
        /**
         * A game load or withdrawal approved: its hold and EXECUTING committed with the batch; the
         * provider call comes next, outside any transaction, and its key's answer after it.
         */
        EXECUTION_BEGUN,
        /** The approval's Idempotency-Key has a record already: nothing was done; the edge replays or waits. */
        ALREADY_RECORDED
    }

    /** Whether the approval was decided (and its answer stored with its receipt, if it had one). */
    public boolean decided() {
        return kind == Kind.APPROVED || kind == Kind.FIRST_APPROVAL_RECORDED;
    }
}
