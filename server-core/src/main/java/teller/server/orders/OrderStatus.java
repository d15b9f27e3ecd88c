package teller.server.orders;

/** PENDING_REVIEW -> REJECTED | APPROVED_EXECUTED | APPROVED_FAILED; EXECUTING is transient. */
public enum OrderStatus {
    PENDING_REVIEW, EXECUTING, REJECTED, APPROVED_EXECUTED, APPROVED_FAILED, VOIDED;

    public boolean isFinal() {
        return this == REJECTED || this == APPROVED_EXECUTED || this == APPROVED_FAILED || this == VOIDED;
    }
}
