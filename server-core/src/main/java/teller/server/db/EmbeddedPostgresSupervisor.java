package teller.server.db;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded PostgreSQL running (decision 0072): every {@link #CHECK_INTERVAL} it looks at
 * the postmaster; when it is gone (killed, crashed) the database is marked unavailable (requests
 * answer 503 {@code DATABASE_UNAVAILABLE} at once instead of waiting on the pool), and PostgreSQL is
 * started again on the same data directory and port with exponential backoff, up to
 * {@link #RESTART_ATTEMPTS_MAX} times. After a restart the pool drops its dead connections. When
 * every attempt failed, {@code giveUp} is told: {@code serve} then exits non-zero so that a service
 * manager (or the desktop) can react, rather than stay up and never ready.
 */
public final class EmbeddedPostgresSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresSupervisor.class);
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    static final int RESTART_ATTEMPTS_MAX = 6;
    static final Duration BACKOFF_INITIAL = Duration.ofSeconds(1);
    static final Duration BACKOFF_MAX = Duration.ofSeconds(16);

    private final EmbeddedPostgres postgres;
    private final int attemptsMax;
    private final Duration backoffInitial;
    private final Runnable afterRestart;
    private final Consumer<String> giveUp;
    private final AtomicInteger restarts = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "embedded-postgres-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean available = true;
    private volatile boolean closed;

    /**
     * @param afterRestart runs once PostgreSQL answers again (the pool drops its dead connections)
     * @param giveUp       told why, when PostgreSQL could not be restarted
     */
    public EmbeddedPostgresSupervisor(EmbeddedPostgres postgres, Runnable afterRestart, Consumer<String> giveUp) {
        this(postgres, RESTART_ATTEMPTS_MAX, BACKOFF_INITIAL, afterRestart, giveUp);
    }

    /** With other bounds (tests of giving up). */
    EmbeddedPostgresSupervisor(EmbeddedPostgres postgres, int attemptsMax, Duration backoffInitial, Runnable afterRestart,
                               Consumer<String> giveUp) {
        this.postgres = postgres;
        this.attemptsMax = attemptsMax;
        this.backoffInitial = backoffInitial;
        this.afterRestart = afterRestart;
        this.giveUp = giveUp;
        timer.scheduleWithFixedDelay(this::check, CHECK_INTERVAL.toMillis(), CHECK_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** False from the moment the postmaster is found gone until it runs again. */
    public boolean available() {
        return available;
    }

    /** How many times PostgreSQL was restarted by this supervisor. */
    public int restarts() {
        return restarts.get();
    }

    private void check() {
        if (closed || postgres.alive() || jvmShuttingDown()) {
            // At shutdown zonky's own hook stops PostgreSQL, concurrently with ours: not a crash.
            return;
        }
        available = false;
        long lostAt = System.nanoTime();
        log.warn("embedded PostgreSQL in {} is not running; requests answer 503 DATABASE_UNAVAILABLE while it restarts",
                postgres.pgData());
        Duration backoff = backoffInitial;
        for (int attempt = 1; attempt <= attemptsMax && !closed && !jvmShuttingDown(); attempt++) {
            try {
                postgres.restart();
                afterRestart.run();
                restarts.incrementAndGet();
                available = true;
                log.info("embedded PostgreSQL restarted on port {} after {} ms ({} attempt(s))", postgres.port(),
                        Duration.ofNanos(System.nanoTime() - lostAt).toMillis(), attempt);
                return;
            } catch (Exception e) {
                log.warn("restarting embedded PostgreSQL failed (attempt {} of {}), next try in {} s: {}", attempt,
                        attemptsMax, backoff.toMillis() / 1000.0, e.getMessage());
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff.multipliedBy(2);
        }
        if (closed || jvmShuttingDown()) {
            return;
        }
        String reason = "embedded PostgreSQL in " + postgres.pgData() + " could not be restarted after "
                + attemptsMax + " attempts";
        log.error("{}; stopping", reason);
        timer.shutdown();
        giveUp.accept(reason);
    }

    /** True once the JVM has begun to shut down (a shutdown hook can no longer be added). */
    private static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
