package teller.server.approval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.common.Actor;
import teller.server.common.DomainException;
import teller.server.common.Transactor;
import teller.server.common.UnavailableException;
import teller.server.orders.OrderType;
import teller.server.provider.ExecutionProvider;
import teller.server.provider.ProviderKind;

/**
 * Opt-in ({@code AUTO_RETRY_WHEN_PROVIDER_RECOVERS=true}, decision 0110): when a provider's breaker
 * leaves OPEN (HALF_OPEN, then CLOSED), the orders that failed because the provider was down are
 * executed again through the one retry path, as SYSTEM, while they have fewer than
 * {@code PROVIDER_ATTEMPTS_MAX} attempts. "Down" is the provider's own {@code *_API_UNAVAILABLE},
 * {@code *_API_CIRCUIT_OPEN}, {@code *_API_TIMEOUT}, {@code *_API_ERROR} (5xx, lost answers) and
 * {@code *_API_UNREACHABLE}; a refusal is the provider's answer and is never retried on its own.
 *
 * <p>The first retry after HALF_OPEN is the breaker's trial: if it fails the breaker opens again and
 * the rest wait for the next recovery. Runs on a thread of its own, never on the thread that saw
 * the transition (an operator's request, or the breaker's timer).
 */
public final class AutoRetry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AutoRetry.class);
    /** Orders read per query; a pass reads again until nothing new is left. */
    public static final int BATCH_MAX = 100;
    /** The actor of every automatic retry: audited as SYSTEM. */
    public static final Actor ACTOR = Actor.system("auto-retry");
    private static final List<String> DOWN_SUFFIXES = List.of("UNAVAILABLE", "CIRCUIT_OPEN", "TIMEOUT", "ERROR", "UNREACHABLE");

    private final Transactor tx;
    private final AutoRetryStore store;
    private final ApprovalService approvals;
    private final Map<ProviderKind, ExecutionProvider> providers;
    private final Map<ProviderKind, Integer> attemptsMax;
    private final Map<ProviderKind, AtomicBoolean> scheduled = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "teller-auto-retry");
        thread.setDaemon(true);
        return thread;
    });

    public AutoRetry(Transactor tx, AutoRetryStore store, ApprovalService approvals,
                     Map<ProviderKind, ExecutionProvider> providers, Map<ProviderKind, Integer> attemptsMax) {
        this.tx = tx;
        this.store = store;
        this.approvals = approvals;
        this.providers = Map.copyOf(providers);
        this.attemptsMax = Map.copyOf(attemptsMax);
    }

    /** The error codes of a provider that say it was down, not that it refused. */
    public static List<String> downCodes(ProviderKind kind) {
        return DOWN_SUFFIXES.stream().map(suffix -> kind.codePrefix() + suffix).toList();
    }

    /** Watches each provider's breaker: a move out of OPEN schedules a pass. */
    public void watch() {
        for (ExecutionProvider provider : providers.values()) {
            provider.onBreakerTransition(() -> {
                String state = provider.status().circuitBreakerState();
                if (ProviderState.HALF_OPEN.equals(state) || "CLOSED".equals(state)) {
                    schedule(provider.kind());
                }
            });
        }
    }

    /** Runs a pass for {@code kind} on the worker thread; a pass already waiting covers this one. */
    public void schedule(ProviderKind kind) {
        AtomicBoolean waiting = scheduled.computeIfAbsent(kind, k -> new AtomicBoolean());
        if (!waiting.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                waiting.set(false);
                try {
                    retryNow(kind);
                } catch (RuntimeException e) {
                    log.warn("automatic retry of {} orders stopped: {}", kind.label(), e.toString());
                }
            });
        } catch (RejectedExecutionException closed) {
            waiting.set(false);
        }
    }

    /** One pass, on the caller's thread: returns how many orders were retried (whatever their outcome). */
    public int retryNow(ProviderKind kind) {
        ExecutionProvider provider = providers.get(kind);
        int max = attemptsMax.getOrDefault(kind, 1);
        List<String> codes = downCodes(kind);
        Set<Long> seen = new HashSet<>();
        int retried = 0;
        for (OrderType type : typesOf(kind)) {
            while (true) {
                List<Long> fresh = new ArrayList<>();
                for (long id : tx.read(() -> store.retryable(type.name(), max, codes, BATCH_MAX))) {
                    if (seen.add(id)) {
                        fresh.add(id);
                    }
                }
                if (fresh.isEmpty()) {
                    break;
                }
                for (long id : fresh) {
                    String breaker = provider == null ? null : provider.status().circuitBreakerState();
                    if (provider == null || ProviderState.OPEN.equals(breaker) || ProviderState.FORCED_OPEN.equals(breaker)) {
                        log.info("{} is down again: automatic retries wait for its next recovery", kind.label());
                        return retried;
                    }
                    try {
                        var result = approvals.retry(id, ACTOR);
                        retried++;
                        log.info("automatic retry of order {}: {}", id, result.listed().order().status());
                    } catch (UnavailableException down) {
                        log.info("automatic retry of order {} refused: {}", id, down.getMessage());
                        return retried;
                    } catch (DomainException refused) {
                        // Another operator retried it meanwhile, or a rule now refuses it: left for a person.
                        log.info("automatic retry of order {} refused: {} {}", id, refused.code(), refused.getMessage());
                    }
                }
            }
        }
        return retried;
    }

    private static List<OrderType> typesOf(ProviderKind kind) {
        List<OrderType> types = new ArrayList<>();
        for (OrderType type : OrderType.values()) {
            if (OrderChecks.executes(type) && ProviderExecutions.kindOf(type) == kind) {
                types.add(type);
            }
        }
        return types;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
