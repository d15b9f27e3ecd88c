package teller.server.approval;

/** Per-order answer of a batched deposit approval; {@code detail} is the ledger transaction id or current state. */
public record DepositOutcome(long orderId, Kind kind, String detail) {
    public enum Kind {
        APPROVED, NOT_FOUND, WRONG_TYPE, NOT_PENDING, SELF_APPROVAL
    }
}
