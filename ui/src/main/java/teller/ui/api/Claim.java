package teller.ui.api;

import java.time.Instant;

/** {@code POST /api/v1/orders/{id}/claim}: who holds the claim and until when. */
public record Claim(OrderView.Person claimedBy, Instant claimedAt, Instant expiresAt) {
}
