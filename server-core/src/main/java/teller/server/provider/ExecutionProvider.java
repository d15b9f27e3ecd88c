package teller.server.provider;

/** An external system that executes approved orders (game loads, payouts). */
public interface ExecutionProvider {
    ProviderKind kind();

    /** Executes the request; safe to repeat with the same idempotency key. */
    ProviderOutcome execute(ProviderRequest request);

    /** Asks for the stored outcome of an idempotency key (used by recovery). */
    ProviderLookup lookup(String idempotencyKey);

    ProviderStatus status();

    /**
     * When an OPEN circuit breaker will let a trial call through (it moves to HALF_OPEN by itself
     * then); null when the breaker is not OPEN or the provider has none.
     */
    default java.time.Instant halfOpenAt() {
        return null;
    }

    /** Since when its breaker is in its state, its recent failure rate and last error; NONE when it cannot tell. */
    default ProviderHealth health() {
        return ProviderHealth.NONE;
    }

    /** Runs {@code listener} after each transition of the provider's breaker (none without a breaker). */
    default void onBreakerTransition(Runnable listener) {
    }
}
