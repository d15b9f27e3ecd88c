package teller.server.provider;

/** An external system that executes approved orders (game loads, payouts). */
public interface ExecutionProvider {
    ProviderKind kind();

    /** Executes the request; safe to repeat with the same idempotency key. */
    ProviderOutcome execute(ProviderRequest request);

    /** Asks for the stored outcome of an idempotency key (used by recovery). */
    ProviderLookup lookup(String idempotencyKey);

    ProviderStatus status();
}
