package teller.server.ledger;

import java.time.Instant;
import java.util.List;

public record TransactionView(long id, String idempotencyKey, String kind, Long orderId, TransactionStatus status,
                              String currency, Long reversesId, Instant createdAt, Instant finalizedAt,
                              String integrityHash, List<Entry> entries) {
    public record Entry(long id, long accountId, String accountCode, long amount) {
    }
}
