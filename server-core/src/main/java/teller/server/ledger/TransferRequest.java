package teller.server.ledger;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A transfer to record. {@code pending} makes it a hold (two-phase: posted or voided later).
 * The legs must sum to zero; this is checked here and again by the database at commit.
 */
public record TransferRequest(String idempotencyKey, String kind, Long orderId, String currency, List<Leg> legs,
                              boolean pending, Map<String, Object> metadata, Long reversesTransactionId) {
    public TransferRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(kind, "kind");
        legs = List.copyOf(legs);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (legs.size() < 2) {
            throw new IllegalArgumentException("a transfer needs at least two legs");
        }
        long sum = 0;
        for (Leg leg : legs) {
            sum = Math.addExact(sum, leg.amount());
        }
        if (sum != 0) {
            throw new IllegalStateException("unbalanced transfer " + idempotencyKey + ": legs sum to " + sum);
        }
    }
}
