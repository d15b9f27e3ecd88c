package teller.server.provider;

import java.time.Instant;

/** The last error a provider gave (or was found in), with its code when there is one and when it happened. */
public record ProviderError(String code, String message, Instant at) {
}
