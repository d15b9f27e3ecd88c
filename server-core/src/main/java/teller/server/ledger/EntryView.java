package teller.server.ledger;

import java.time.Instant;

public record EntryView(long id, long transactionId, long accountId, long amount, String kind,
                        TransactionStatus status, Long orderId, Instant createdAt) {
}
