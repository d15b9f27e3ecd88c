package teller.server.events;

import java.util.List;

/** Reading the outbox in sequence order, and marking rows delivered; implemented by the database layer. */
public interface OutboxFeed {
    /**
     * Up to {@code limit} rows with {@code id > afterId} in id order, read in one snapshot, with
     * that snapshot's transaction horizon (see {@link Snapshot}).
     */
    Snapshot after(long afterId, int limit);

    /** Rows with {@code afterId < id <= upToId}, at most {@code limit}, in id order. */
    List<OutboxEvent> between(long afterId, long upToId, int limit);

    /** The highest id in the outbox now (0 when empty). */
    long lastId();

    /**
     * Claims up to {@code limit} undelivered rows (FOR UPDATE SKIP LOCKED, in the current
     * transaction), oldest first.
     */
    List<OutboxEvent> claimUndelivered(int limit);

    /** Marks claimed rows delivered (published_at), in the current transaction. */
    void markDelivered(List<Long> ids);

    /** Counts one more failed delivery attempt of a claimed row, in the current transaction. */
    void markAttemptFailed(long id);

    /**
     * Rows and the horizon of the snapshot that read them: every transaction with an id below
     * {@code xmin} had finished, and every transaction at or above {@code xmax} had not started.
     */
    record Snapshot(List<OutboxEvent> rows, long xmin, long xmax) {
    }
}
