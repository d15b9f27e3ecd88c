package teller.server.ledger;

public enum TransactionStatus {
    PENDING, POSTED, VOIDED
}
