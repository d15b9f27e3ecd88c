package teller.server.workers;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stateless worker iterations on a schedule. Each iteration is safe to run on several
 * replicas at once (work is claimed with leases and SKIP LOCKED, sealing takes an advisory lock),
 * and an iteration that fails is logged and simply runs again next time.
 */
public final class Workers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Workers.class);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "teller-worker");
        thread.setDaemon(true);
        return thread;
    });

    /** Schedules {@code iteration} every {@code interval}; it returns how many items it handled. */
    public void every(String name, Duration interval, IntSupplier iteration) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int handled = iteration.getAsInt();
                if (handled > 0) {
                    log.debug("worker {} handled {} item(s)", name, handled);
                }
            } catch (RuntimeException e) {
                log.error("worker {} iteration failed; it runs again in {}", name, interval, e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
