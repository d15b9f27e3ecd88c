package teller.server.provider;

import java.time.Instant;

/**
 * What a provider has seen lately, next to its {@link ProviderStatus}: since when its breaker is in
 * its present state, the share of recent calls that failed (null until enough calls were made to
 * tell) and its last error.
 */
public record ProviderHealth(Instant breakerSince, Double failureRatePercent, ProviderError lastError) {
    public static final ProviderHealth NONE = new ProviderHealth(null, null, null);
}
