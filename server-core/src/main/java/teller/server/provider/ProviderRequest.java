package teller.server.provider;

import java.util.Objects;

/** One execution request; {@code idempotencyKey} is {@code orderId:attempt}. */
public record ProviderRequest(String orderId, String playerId, String gameName, long amount, String currency,
                              String idempotencyKey) {
    public ProviderRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
