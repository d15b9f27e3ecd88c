package teller.server.approval;

/**
 * What one deposit approval of a batch came to when it was accepted; refusals complete the
 * approval's future exceptionally instead. {@code ledgerTransactionId} is the posting's, when posted.
 */
public record DepositOutcome(long orderId, Kind kind, Long ledgerTransactionId) {
    public enum Kind {
        /** Posted: the order is APPROVED_EXECUTED. */
        APPROVED,
        /** Recorded as the first of two approvals: the order stays PENDING_REVIEW. */
        FIRST_APPROVAL_RECORDED
    }
}
