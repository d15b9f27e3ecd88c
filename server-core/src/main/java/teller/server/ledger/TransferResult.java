package teller.server.ledger;

/** The transaction a transfer produced; {@code created} is false when its key had been used already. */
public record TransferResult(long transactionId, boolean created) {
}
