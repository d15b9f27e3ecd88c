package teller.server.db;

import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.common.Transactor;

/**
 * Binds one JDBI handle to the calling thread for the length of a unit of work; the Pg* stores
 * use {@link #handle()}. Nested calls join the outer transaction. A transaction that loses a
 * deadlock or a serialization conflict is run again, up to {@link #CONFLICT_RETRIES_MAX} times.
 */
public final class JdbiTransactor implements Transactor {
    private static final Logger log = LoggerFactory.getLogger(JdbiTransactor.class);
    public static final int CONFLICT_RETRIES_MAX = 3;

    private final Jdbi jdbi;
    private final ThreadLocal<Handle> current = new ThreadLocal<>();

    public JdbiTransactor(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The handle of the calling thread's unit of work. */
    public Handle handle() {
        Handle handle = current.get();
        if (handle == null) {
            throw new IllegalStateException("no unit of work on this thread: call stores through the Transactor");
        }
        return handle;
    }

    /** True while the calling thread is inside a unit of work (a new one would join it). */
    public boolean inUnitOfWork() {
        return current.get() != null;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(handle -> bound(handle, work));
            } catch (JdbiException e) {
                if (attempt < CONFLICT_RETRIES_MAX && SqlErrors.isRetryableConflict(e)) {
                    log.debug("transaction conflict ({}), attempt {} of {}", SqlErrors.sqlState(e), attempt, CONFLICT_RETRIES_MAX);
                    continue;
                }
                throw SqlErrors.translate(e);
            }
        }
    }

    @Override
    public <T> T read(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        try {
            return jdbi.withHandle(handle -> bound(handle, work));
        } catch (JdbiException e) {
            throw SqlErrors.translate(e);
        }
    }

    @Override
    public <T> T snapshot(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
                handle.execute("SET TRANSACTION READ ONLY");
                return bound(handle, work);
            });
        } catch (JdbiException e) {
            throw SqlErrors.translate(e);
        }
    }

    private <T> T bound(Handle handle, Supplier<T> work) {
        current.set(handle);
        try {
            return work.get();
        } finally {
            current.remove();
        }
    }
}
