package teller.server.workers;

/**
 * Leadership per worker name among the server-core replicas that share one database. A replica
 * runs a worker's iterations only while it leads that worker.
 */
public interface LeaderLocks extends AutoCloseable {
    /**
     * True when this process leads {@code name}: it held the lock already and still does, or it
     * has just acquired it. False when another replica leads, or the database cannot be reached
     * (then every lock this process held is gone with its connection).
     */
    boolean lead(String name);

    /** Gives up every lock this process holds; another replica takes over at its next try. */
    @Override
    void close();
}
