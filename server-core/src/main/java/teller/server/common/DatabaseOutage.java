package teller.server.common;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line when the database becomes unreachable and one when it is back, whoever notices it:
 * the live-event poller, the workers and their leadership session, a request. Without it every
 * worker tick and every poll logged a stack trace for as long as the outage lasted (issue 15). What
 * counts as "unreachable" is decided by {@code SqlErrors}, which turns it into
 * {@link DatabaseUnavailableException}.
 */
public final class DatabaseOutage {
    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);
    /** System.nanoTime() when the current outage was first noticed, or 0 when there is none. */
    private static final AtomicLong SINCE = new AtomicLong();

    private DatabaseOutage() {
    }

    /**
     * Whether {@code error} says the database is unreachable: a {@link DatabaseUnavailableException}
     * in its chain (the persistence layer's {@code SqlErrors} is the one place that decides which
     * SQL failures are that).
     */
    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DatabaseUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reports {@code error} met by {@code who} if it means the database is unreachable: the first
     * report of an outage is one WARN line (no stack trace), the rest are DEBUG. Returns false, and
     * logs nothing, for any other error: the caller logs that as before.
     */
    public static boolean report(String who, Throwable error) {
        if (!isUnavailable(error)) {
            return false;
        }
        started(who, describe(error));
        return true;
    }

    /** Reports an outage noticed without an exception (e.g. a connection that stopped answering). */
    public static void started(String who, String what) {
        if (SINCE.compareAndSet(0, Math.max(1, System.nanoTime()))) {
            log.warn("the database is unreachable ({} noticed: {}); requests answer 503 DATABASE_UNAVAILABLE "
                    + "and background work waits until it is back", who, what);
        } else {
            log.debug("database still unreachable ({}: {})", who, what);
        }
    }

    /** Called after a statement succeeded: ends the current outage, if any, with one INFO line. */
    public static void reachable() {
        long since = SINCE.getAndSet(0);
        if (since != 0) {
            log.info("the database is reachable again after {} s",
                    Duration.ofNanos(System.nanoTime() - since).toMillis() / 1000.0);
        }
    }

    /** Whether an outage is under way (for tests and health). */
    public static boolean ongoing() {
        return SINCE.get() != 0;
    }

    private static String describe(Throwable error) {
        Throwable deepest = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            deepest = t;
        }
        String message = deepest.getMessage();
        return deepest.getClass().getSimpleName() + (message == null ? "" : ": " + message.replaceAll("[\r\n]+", " "));
    }
}
