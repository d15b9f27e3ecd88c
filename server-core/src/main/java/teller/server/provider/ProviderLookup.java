package teller.server.provider;

/** Answer of asking a provider what became of an idempotency key. */
public sealed interface ProviderLookup {
    record Found(ProviderOutcome outcome) implements ProviderLookup {
    }

    /** The provider never saw the key: nothing was executed. */
    record NotFound() implements ProviderLookup {
    }

    record Unreachable(String error) implements ProviderLookup {
    }
}
