package teller.server.workers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.common.DatabaseOutage;

/**
 * Runs stateless worker iterations on a schedule, each only on the replica that leads that worker
 * (decision 0039): every second the replica checks the locks it holds and tries to take the others,
 * and a worker's iteration runs only while its lock is held here. Work items are still claimed with leases
 * and SKIP LOCKED, so the short overlap after a lost connection does no harm. An iteration that
 * fails is logged, counted and simply runs again next time.
 *
 * <p>Metrics per worker: {@code teller_worker_leader{worker}} (1 while this replica leads),
 * {@code teller_worker_iterations_total{worker,outcome}} and {@code teller_worker_items_total{worker}}.
 */
public final class Workers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Workers.class);
    private static final int THREADS = 2;
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);
    /** How soon a replica notices it lost a lock, and how soon a follower takes over a stopped leader's. */
    static final Duration LEADERSHIP_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final LeaderLocks locks;
    private final MeterRegistry metrics;
    private final Map<String, AtomicBoolean> leading = new ConcurrentHashMap<>();
    /** Its own thread, so that a long iteration never delays a hand-over. */
    private final ScheduledExecutorService leadership = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "teller-worker-leadership");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(THREADS, runnable -> {
        Thread thread = new Thread(runnable, "teller-worker");
        thread.setDaemon(true);
        return thread;
    });

    public Workers(LeaderLocks locks, MeterRegistry metrics) {
        this.locks = locks;
        this.metrics = metrics;
        leadership.scheduleWithFixedDelay(this::refreshLeadership, LEADERSHIP_CHECK_INTERVAL.toMillis(),
                LEADERSHIP_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Schedules {@code iteration} every {@code interval} on the replica that leads {@code name}
     * (names are unique per process); it returns how many items it handled. A replica that gains
     * leadership runs the iteration at once rather than waiting out the interval.
     */
    public void every(String name, Duration interval, IntSupplier iteration) {
        AtomicBoolean leader = new AtomicBoolean();
        if (leading.putIfAbsent(name, leader) != null) {
            throw new IllegalArgumentException("a worker named " + name + " is already scheduled");
        }
        Gauge.builder("teller.worker.leader", leader, held -> held.get() ? 1 : 0)
                .description("1 while this replica leads the worker").tag("worker", name).register(metrics);
        Counter succeeded = iterations(name, "success");
        Counter failed = iterations(name, "failure");
        Counter items = Counter.builder("teller.worker.items").description("items the worker's iterations handled")
                .tag("worker", name).register(metrics);
        refreshLeadership(name, leader);
        long tickMillis = Math.max(1, Math.min(interval.toMillis(), LEADERSHIP_CHECK_INTERVAL.toMillis()));
        long[] nextRunNanos = {System.nanoTime()};
        boolean[] ledAtLastTick = {false};
        scheduler.scheduleWithFixedDelay(() -> {
            boolean leads = leader.get();
            long now = System.nanoTime();
            boolean gained = leads && !ledAtLastTick[0];
            ledAtLastTick[0] = leads;
            if (!leads || (!gained && now - nextRunNanos[0] < 0)) {
                return;
            }
            nextRunNanos[0] = now + interval.toNanos();
            try {
                int handled = iteration.getAsInt();
                succeeded.increment();
                items.increment(Math.max(handled, 0));
                if (handled > 0) {
                    log.debug("worker {} handled {} item(s)", name, handled);
                }
            } catch (RuntimeException e) {
                failed.increment();
                if (!DatabaseOutage.report("worker " + name, e)) {
                    log.error("worker {} iteration failed; it runs again in {}", name, interval, e);
                }
            }
        }, 0, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** Every second: keep, take or lose each worker's lock, whatever the workers' own intervals. */
    private void refreshLeadership() {
        leading.forEach(this::refreshLeadership);
    }

    private void refreshLeadership(String name, AtomicBoolean leader) {
        boolean leads;
        try {
            leads = locks.lead(name);
        } catch (RuntimeException e) {
            leads = false;
            if (!DatabaseOutage.report("worker " + name, e)) {
                log.error("worker {}: leadership check failed", name, e);
            }
        }
        if (leader.getAndSet(leads) != leads) {
            log.info("worker {}: this replica {}", name, leads ? "leads" : "no longer leads");
        }
    }

    private Counter iterations(String name, String outcome) {
        return Counter.builder("teller.worker.iterations").description("worker iterations run while leading")
                .tag("worker", name).tag("outcome", outcome).register(metrics);
    }

    /** The workers this replica leads at the moment (as of each worker's last try). */
    public Set<String> leading() {
        Set<String> names = new TreeSet<>();
        leading.forEach((name, held) -> {
            if (held.get()) {
                names.add(name);
            }
        });
        return names;
    }

    /** Every worker scheduled here, led or not. */
    public Set<String> names() {
        return new TreeSet<>(leading.keySet());
    }

    /** Stops the iterations first, then gives up the locks so another replica takes over at once. */
    @Override
    public void close() {
        leadership.shutdownNow();
        scheduler.shutdownNow();
        try {
            leadership.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            scheduler.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leading.values().forEach(held -> held.set(false));
        locks.close();
    }
}
