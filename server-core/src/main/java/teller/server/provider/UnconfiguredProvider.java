package teller.server.provider;

import java.util.Map;

/**
 * Stands in when no provider URL is configured: every execution fails honestly with
 * {@code *_API_UNAVAILABLE} so the hold is released and the order ends APPROVED_FAILED.
 */
public final class UnconfiguredProvider implements ExecutionProvider {
    private final ProviderKind kind;

    public UnconfiguredProvider(ProviderKind kind) {
        this.kind = kind;
    }

    @Override
    public ProviderKind kind() {
        return kind;
    }

    @Override
    public ProviderOutcome execute(ProviderRequest request) {
        String message = kind.label() + " is not configured (set " + kind.name() + "_API_URL)";
        return new ProviderOutcome.Failed(kind.unavailableCode(), message,
                Map.of("errorCode", kind.unavailableCode(), "error", message, "configured", false));
    }

    /** This process has no provider to have seen any key, so none was executed through it. */
    @Override
    public ProviderLookup lookup(String idempotencyKey) {
        return new ProviderLookup.NotFound();
    }

    @Override
    public ProviderStatus status() {
        return new ProviderStatus(kind, false, false, null, "DISABLED");
    }
}
