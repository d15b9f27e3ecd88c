package teller.server.approval;

import teller.server.orders.ListedOrder;

/**
 * What one approval sent to the batcher came to when it was not refused; refusals complete the
 * approval's future exceptionally instead. {@code ledgerTransactionId} is the posting's, when posted;
 * {@code listed} is the order as the batch left it, read in the batch's transaction (null for
 * {@link Kind#NOT_A_DEPOSIT} and {@link Kind#ALREADY_RECORDED}).
 */
public record DepositOutcome(long orderId, Kind kind, Long ledgerTransactionId, ListedOrder listed) {
    public enum Kind {
        /** Posted: the order is APPROVED_EXECUTED. */
        APPROVED,
        /** Recorded as the first of two approvals: the order stays PENDING_REVIEW. */
        FIRST_APPROVAL_RECORDED,
        /** A game load or withdrawal: nothing was done; it takes the execution path. */
        NOT_A_DEPOSIT,
        /** The approval's Idempotency-Key has a record already: nothing was done; the edge replays or waits. */
        ALREADY_RECORDED
    }

    /** Whether the approval was decided (and its answer stored with its receipt, if it had one). */
    public boolean decided() {
        return kind == Kind.APPROVED || kind == Kind.FIRST_APPROVAL_RECORDED;
    }
}
