package teller.server.payments;

import java.time.Instant;

/** The stored state of one provider charge: its latest (highest-ranked) status and the order it credited. */
public record PaymentDelivery(long id, String provider, String chargeId, String playerId, long amount, String currency,
                              ChargeStatus status, Long orderId, int deliveries, Instant firstSeenAt,
                              Instant lastSeenAt, String lastError) {
}
