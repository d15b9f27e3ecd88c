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

    /**
     * An EXECUTING order found here may have been sent by a process that had the provider configured
     * (say, before a crash and a restart with a broken environment). Without a provider to ask, its
     * outcome is unknown: answering "never seen" would release the hold of work the provider may have
     * done, and a retry would then execute it twice. So the order keeps its hold until the provider
     * is configured again and can be asked.
     */
    @Override
    public ProviderLookup lookup(String idempotencyKey) {
        return new ProviderLookup.Unreachable(kind.label() + " is not configured; the outcome of " + idempotencyKey
                + " cannot be asked for (set " + kind.name() + "_API_URL)");
    }

    @Override
    public ProviderStatus status() {
        return new ProviderStatus(kind, false, false, null, "DISABLED");
    }
}
