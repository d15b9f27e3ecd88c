package teller.server.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import teller.server.provider.ExecutionProvider;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderLookup;
import teller.server.provider.ProviderOutcome;
import teller.server.provider.ProviderRequest;
import teller.server.provider.ProviderStatus;

/**
 * An in-process provider that keeps the provider contract (a key executes at most once; a repeated
 * key gets the stored outcome; lookup answers the stored outcome or "never seen") and counts every
 * call, so tests can prove how often the approval service really reached the provider.
 */
public final class CountingProvider implements ExecutionProvider {
    /** What the provider does with the next key it has not seen before. */
    public enum Behaviour {
        /** Executes and says so. */
        SUCCEED,
        /** Refuses (does not execute) and says so. */
        REFUSE,
        /** Executes, but the answer is lost: the caller learns nothing. */
        EXECUTE_BUT_LOSE_ANSWER,
        /** Never receives the request: the caller learns nothing. */
        LOSE_REQUEST
    }

    private final ProviderKind kind;
    private final Map<String, ProviderOutcome> stored = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> executionsByOrder = new ConcurrentHashMap<>();
    private final AtomicInteger executeCalls = new AtomicInteger();
    private final AtomicInteger lookupCalls = new AtomicInteger();
    private final AtomicReference<Behaviour> next = new AtomicReference<>(Behaviour.SUCCEED);
    private volatile long delayMillis;
    private volatile ProviderStatus status;
    private volatile java.time.Instant halfOpenAt;

    public CountingProvider(ProviderKind kind) {
        this.kind = kind;
        this.status = new ProviderStatus(kind, true, false, "in-process", "CLOSED");
    }

    /**
     * What the provider reports from now on: configured or not, a sandbox or not, its breaker's state
     * and, while OPEN, when it would half-open. Executions still behave as {@link #behaveNext} says.
     */
    public void reportStatus(boolean configured, boolean sandbox, String breaker, java.time.Instant whenHalfOpen) {
        status = new ProviderStatus(kind, configured, sandbox, configured ? "in-process" : null, breaker);
        halfOpenAt = whenHalfOpen;
    }

    public void behaveNext(Behaviour behaviour) {
        next.set(behaviour);
    }

    /** Makes every execution take this long, so concurrent callers meet the order while it is EXECUTING. */
    public void delayEachCall(long millis) {
        delayMillis = millis;
    }

    public int executeCalls() {
        return executeCalls.get();
    }

    public int lookupCalls() {
        return lookupCalls.get();
    }

    /** How many times the provider really executed something for this order (over all its keys). */
    public int executionsOf(long orderId) {
        AtomicInteger count = executionsByOrder.get(String.valueOf(orderId));
        return count == null ? 0 : count.get();
    }

    @Override
    public ProviderKind kind() {
        return kind;
    }

    @Override
    public ProviderOutcome execute(ProviderRequest request) {
        // Decided before counting: once a test sees the count, that call's behaviour is fixed.
        Behaviour behaviour = next.get();
        executeCalls.incrementAndGet();
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ProviderOutcome.Unknown("interrupted", Map.of());
            }
        }
        String key = request.idempotencyKey();
        ProviderOutcome known = stored.get(key);
        if (known != null) {
            return known;
        }
        switch (behaviour) {
            case SUCCEED, EXECUTE_BUT_LOSE_ANSWER -> {
                ProviderOutcome outcome = stored.computeIfAbsent(key, k -> {
                    executionsByOrder.computeIfAbsent(request.orderId(), o -> new AtomicInteger()).incrementAndGet();
                    return new ProviderOutcome.Succeeded("tx-" + k, Map.of("success", true, "transactionId", "tx-" + k));
                });
                return behaviour == Behaviour.SUCCEED ? outcome
                        : new ProviderOutcome.Unknown("read timed out", Map.of("error", "read timed out"));
            }
            case REFUSE -> {
                return stored.computeIfAbsent(key, k -> new ProviderOutcome.Refused("LIMIT_EXCEEDED",
                        "the provider refused", Map.of("success", false, "errorCode", "LIMIT_EXCEEDED")));
            }
            default -> {
                return new ProviderOutcome.Unknown("connection reset", Map.of("error", "connection reset"));
            }
        }
    }

    @Override
    public ProviderLookup lookup(String idempotencyKey) {
        lookupCalls.incrementAndGet();
        ProviderOutcome outcome = stored.get(idempotencyKey);
        return outcome == null ? new ProviderLookup.NotFound() : new ProviderLookup.Found(outcome);
    }

    @Override
    public ProviderStatus status() {
        return status;
    }

    @Override
    public java.time.Instant halfOpenAt() {
        return halfOpenAt;
    }
}
