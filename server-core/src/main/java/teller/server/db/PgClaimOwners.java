package teller.server.db;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's identity as the owner of Idempotency-Key claims, tied to its liveness
 * (decision 0070): a random positive key of a session-level advisory lock that the process holds
 * on one dedicated connection outside the pool. PostgreSQL releases the lock when that session
 * ends, which it does when the process dies (SIGKILL included: the kernel closes the socket and
 * the backend exits) or PostgreSQL restarts. A claim whose owner lock nobody holds is therefore
 * a dead process's, and {@link PgIdempotencyRecords} lets the same request take it over at once.
 *
 * <p>When the session is lost while the process lives on (PostgreSQL restarted), the next
 * {@link #current()} opens a new one under a new key: the old claims become takeover-able, which
 * is right, since the requests that made them failed with their database connections.
 */
public final class PgClaimOwners implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PgClaimOwners.class);
    /** The first key of the two-key advisory lock form: keeps owner locks apart from every other advisory lock. */
    static final int LOCK_SPACE = 0x7e11e2a0;
    private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(2);
    /** One liveness check of the owner session serves the claims made in the next quarter second. */
    private static final Duration REVALIDATE_AFTER = Duration.ofMillis(250);
    private static final int KEY_ATTEMPTS_MAX = 5;

    private final Database database;
    private final SecureRandom random = new SecureRandom();
    private Connection connection;
    private int key;
    private long validatedNanos;
    private boolean closed;

    public PgClaimOwners(Database database) {
        this.database = database;
    }

    /**
     * The owner key to write on a new claim, after making sure this process's lock is held; throws
     * when the database cannot be reached (the claim would fail anyway).
     */
    public synchronized int current() {
        if (closed) {
            throw new IllegalStateException("claim owners closed");
        }
        if (connection != null && System.nanoTime() - validatedNanos < REVALIDATE_AFTER.toNanos()) {
            return key;
        }
        try {
            if (connection != null && connection.isValid((int) VALIDATION_TIMEOUT.toSeconds())) {
                validatedNanos = System.nanoTime();
                return key;
            }
            if (connection != null) {
                log.warn("the idempotency owner session (key {}) was lost; claims it made may now be taken over", key);
                drop();
            }
            open();
            return key;
        } catch (SQLException e) {
            drop();
            throw new teller.server.common.DatabaseUnavailableException("cannot hold the idempotency owner session", e);
        }
    }

    private void open() throws SQLException {
        Connection opened = database.openDedicatedConnection("teller-idempotency-owner");
        try {
            opened.setAutoCommit(true);
            for (int attempt = 1; attempt <= KEY_ATTEMPTS_MAX; attempt++) {
                int candidate = 1 + random.nextInt(Integer.MAX_VALUE - 1);
                try (var statement = opened.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                    statement.setInt(1, LOCK_SPACE);
                    statement.setInt(2, candidate);
                    try (var result = statement.executeQuery()) {
                        result.next();
                        if (result.getBoolean(1)) {
                            connection = opened;
                            key = candidate;
                            validatedNanos = System.nanoTime();
                            log.debug("idempotency claims of this process are owned by lock key {}", key);
                            return;
                        }
                    }
                }
            }
            throw new SQLException("no free idempotency owner key after " + KEY_ATTEMPTS_MAX + " attempts");
        } catch (SQLException e) {
            opened.close();
            throw e;
        }
    }

    private void drop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    /** Ends the owner session: claims still open become takeover-able (a stopping process runs no more requests). */
    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            try (var statement = connection.createStatement()) {
                // Closing the session releases it too, but a pooler could keep the server session around.
                statement.execute("SELECT pg_advisory_unlock_all()");
            } catch (SQLException e) {
                log.debug("unlock on close failed; the session's end releases the lock", e);
            }
        }
        drop();
    }

    /** Drops the owner session without unlocking first, as a killed process does (tests). */
    synchronized void abandon() {
        closed = true;
        drop();
    }
}
