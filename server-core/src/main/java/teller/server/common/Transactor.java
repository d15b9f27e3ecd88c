package teller.server.common;

import java.util.function.Supplier;

/**
 * Opens database transactions for the service layer without exposing the database: the stores
 * called inside {@code work} take part in the transaction of the calling thread.
 */
public interface Transactor {
    /** Runs {@code work} in one transaction; commits when it returns, rolls back when it throws. */
    <T> T inTransaction(Supplier<T> work);

    /** Runs read-only {@code work} on one connection (no transaction boundaries needed). */
    <T> T read(Supplier<T> work);

    /**
     * Runs read-only {@code work} in one REPEATABLE READ, READ ONLY transaction: every read inside
     * sees the same moment (decision 0115). A caller already in a unit of work joins it.
     */
    default <T> T snapshot(Supplier<T> work) {
        return inTransaction(work);
    }

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
