package teller.server.approval;

import java.time.Instant;
import teller.server.provider.ExecutionProvider;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderStatus;

/**
 * What the approval rules need to know of the provider an order executes through, read in memory
 * when the rules run. {@code halfOpenAt} is when an OPEN breaker may let a trial call through
 * (null unless OPEN, or when the provider cannot tell).
 */
public record ProviderState(ProviderKind kind, boolean configured, boolean sandbox, String breaker, Instant halfOpenAt) {
    public static final String OPEN = "OPEN";
    public static final String FORCED_OPEN = "FORCED_OPEN";
    public static final String HALF_OPEN = "HALF_OPEN";

    public static ProviderState of(ExecutionProvider provider) {
        ProviderStatus status = provider.status();
        return new ProviderState(provider.kind(), status.configured(), status.sandbox(), status.circuitBreakerState(),
                OPEN.equals(status.circuitBreakerState()) ? provider.halfOpenAt() : null);
    }
}
