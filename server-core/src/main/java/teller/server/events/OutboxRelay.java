package teller.server.events;

import java.util.ArrayList;
import java.util.List;
import teller.server.common.Transactor;

/**
 * The outbox delivery worker, run by the leading replica only: claims undelivered rows (SKIP
 * LOCKED, so even two relays never take the same row), hands each to every sink, and marks it
 * delivered in the same transaction. The live stream does not depend on this: every replica reads
 * the outbox by id for its own clients.
 */
public final class OutboxRelay {
    public static final int BATCH_MAX = 200;

    private final Transactor tx;
    private final OutboxFeed feed;
    private final List<OutboxSink> sinks;

    public OutboxRelay(Transactor tx, OutboxFeed feed, List<OutboxSink> sinks) {
        this.tx = tx;
        this.feed = feed;
        this.sinks = List.copyOf(sinks);
    }

    /** One iteration: returns how many events were delivered. */
    public int relay() {
        return tx.inTransaction(() -> {
            List<Long> delivered = new ArrayList<>();
            for (OutboxEvent event : feed.claimUndelivered(BATCH_MAX)) {
                try {
                    for (OutboxSink sink : sinks) {
                        sink.deliver(event);
                    }
                    delivered.add(event.id());
                } catch (RuntimeException e) {
                    // Later events wait for this one so that a sink sees each aggregate's events in order.
                    feed.markAttemptFailed(event.id());
                    break;
                }
            }
            feed.markDelivered(delivered);
            return delivered.size();
        });
    }
}
