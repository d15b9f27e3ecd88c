package teller.server.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider for demos and trials that executes nothing real. It exists only when explicitly
 * enabled ({@code --sandbox-providers} / {@code TELLER_SANDBOX_PROVIDERS=true}); its results say
 * {@code "sandbox": true} and the console shows a SANDBOX badge while it is on.
 */
public final class SandboxProvider implements ExecutionProvider {
    private final ProviderKind kind;
    private final Map<String, ProviderOutcome> outcomes = new ConcurrentHashMap<>();
    private final java.time.Instant createdAt = java.time.Instant.now();

    public SandboxProvider(ProviderKind kind) {
        this.kind = kind;
    }

    @Override
    public ProviderKind kind() {
        return kind;
    }

    @Override
    public ProviderOutcome execute(ProviderRequest request) {
        return outcomes.computeIfAbsent(request.idempotencyKey(), key -> {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("success", true);
            result.put("sandbox", true);
            result.put("transactionId", "sandbox-" + key);
            return new ProviderOutcome.Succeeded("sandbox-" + key, result);
        });
    }

    @Override
    public ProviderLookup lookup(String idempotencyKey) {
        ProviderOutcome outcome = outcomes.get(idempotencyKey);
        return outcome == null ? new ProviderLookup.NotFound() : new ProviderLookup.Found(outcome);
    }

    @Override
    public ProviderStatus status() {
        return new ProviderStatus(kind, true, true, "sandbox", "CLOSED");
    }

    @Override
    public ProviderHealth health() {
        return new ProviderHealth(createdAt, 0.0, null);
    }
}
