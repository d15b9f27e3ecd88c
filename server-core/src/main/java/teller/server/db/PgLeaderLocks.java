package teller.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.common.DatabaseOutage;
import teller.server.workers.LeaderLocks;

/**
 * Worker leadership as PostgreSQL session-level advisory locks, one per worker name, all held on
 * ONE dedicated connection outside the pool (decision 0039). The locks live exactly as long as
 * that session: when the process dies or its connection drops, PostgreSQL releases them and
 * another replica acquires them at its next try. Each {@link #lead} first checks that the session
 * is still alive, so a replica that lost its connection stops believing it leads.
 */
public final class PgLeaderLocks implements LeaderLocks {
    private static final Logger log = LoggerFactory.getLogger(PgLeaderLocks.class);
    /** The first key of the two-key advisory lock form: keeps worker locks apart from every other advisory lock. */
    private static final String LOCK_SPACE = "teller.workers";
    private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(2);
    /** One liveness check serves all the locks checked in the same round. */
    private static final Duration REVALIDATE_AFTER = Duration.ofMillis(250);

    private final Database database;
    private final Set<String> held = new HashSet<>();
    private Connection connection;
    private boolean closed;
    private long validatedNanos;

    public PgLeaderLocks(Database database) {
        this.database = database;
    }

    @Override
    public synchronized boolean lead(String name) {
        if (closed) {
            return false;
        }
        if (!sessionAlive()) {
            return false;
        }
        if (held.contains(name)) {
            return true;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_try_advisory_lock(hashtext(?), hashtext(?))")) {
            statement.setString(1, LOCK_SPACE);
            statement.setString(2, name);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                if (result.getBoolean(1)) {
                    held.add(name);
                    log.info("this replica now leads worker {}", name);
                    return true;
                }
                return false;
            }
        } catch (SQLException e) {
            dropSession("acquiring " + name + " failed", e);
            return false;
        }
    }

    /** True when the leadership session answers; opens a new one (holding nothing yet) when there is none. */
    private boolean sessionAlive() {
        try {
            if (connection != null && System.nanoTime() - validatedNanos < REVALIDATE_AFTER.toNanos()) {
                return true; // checked moments ago, for another worker's lock
            }
            if (connection != null && connection.isValid((int) VALIDATION_TIMEOUT.toSeconds())) {
                validatedNanos = System.nanoTime();
                return true;
            }
            if (connection != null) {
                dropSession("the leadership connection stopped answering", null);
            }
            connection = database.openDedicatedConnection("teller-worker-leadership");
            connection.setAutoCommit(true);
            DatabaseOutage.reachable();
            validatedNanos = System.nanoTime();
            return true;
        } catch (SQLException e) {
            dropSession("cannot open the leadership connection", e);
            return false;
        }
    }

    private void dropSession(String why, Exception cause) {
        // An unreachable database is one line for the whole outage (DatabaseOutage), not one per attempt.
        boolean outage = cause != null && SqlErrors.isDatabaseUnavailable(cause);
        if (outage) {
            DatabaseOutage.started("the workers' leadership session", why + ": " + cause.getMessage());
        }
        if (cause == null && !closed) {
            // The session stopped answering: the database went away under it.
            DatabaseOutage.started("the workers' leadership session", why);
            outage = true;
        }
        if (!held.isEmpty()) {
            // The server released the locks with the session (or will when it notices): others may lead now.
            if (outage) {
                log.info("{}: leadership of {} is lost", why, held);
            } else {
                log.warn("{}: leadership of {} is lost", why, held, cause);
            }
        } else if (cause != null && !outage) {
            log.warn("{}", why, cause);
        }
        held.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already broken; nothing more to release.
            }
            connection = null;
        }
    }

    /** The process id of the leadership session in PostgreSQL, for diagnostics and tests (-1 when none). */
    public synchronized int backendPid() {
        if (connection == null) {
            return -1;
        }
        try (var statement = connection.createStatement(); var result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            try {
                // Unlocking explicitly is not needed (closing the session does it) but makes the hand-over immediate
                // even when a pooler keeps the server session around.
                try (var statement = connection.createStatement()) {
                    statement.execute("SELECT pg_advisory_unlock_all()");
                }
            } catch (SQLException e) {
                log.debug("unlock on close failed; the session's end releases the locks", e);
            }
        }
        held.clear();
        dropSession("closing", null);
    }
}
