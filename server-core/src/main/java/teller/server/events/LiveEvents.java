package teller.server.events;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.common.DatabaseOutage;
import teller.server.common.Transactor;

/**
 * This replica's live view of the outbox (decision 0040): one thread reads the rows after the last
 * one it passed, in id order, every poll interval, and offers each to every subscribed client's
 * bounded queue. Every replica does this for its own clients, so an event written by any replica
 * reaches the clients of all of them.
 *
 * <p>Ids are taken when a row is inserted but become visible when its transaction commits, so a
 * row may appear after a higher one. The tail therefore never passes a missing id while a
 * transaction that could still commit it is running: it waits until the database's oldest running
 * transaction is newer than every transaction that had started when the gap was first seen; then
 * the id belongs to a rolled-back transaction and is skipped. Ids a client has seen are thus final,
 * which is what makes resuming with {@code Last-Event-ID} exact.
 */
public final class LiveEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);
    /** Rows read per query; the tail reads again at once while it is this far behind. */
    static final int READ_BATCH_MAX = 500;
    /** The longest the stream waits for a transaction that holds a missing id (normally milliseconds). */
    static final Duration GAP_WAIT_MAX = Duration.ofSeconds(30);
    /** How long closing waits for open streams to notice and end (they wake at least every 200 ms). */
    private static final Duration STREAMS_END_WAIT = Duration.ofSeconds(2);

    private final Transactor tx;
    private final OutboxFeed feed;
    private final EventStreamSettings settings;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    /** Streams whose thread has not finished yet (a dropped client's thread may still be writing). */
    private final Set<Subscription> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong position = new AtomicLong();
    private final AtomicLong droppedClients = new AtomicLong();
    private final Object subscribeLock = new Object();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "teller-outbox-tail");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The gap the tail waits on: the id after {@link #position}, and the snapshot horizon when it was first seen. */
    private long gapAfter = -1;
    private long gapXmax;
    private long gapSeenNanos;

    public LiveEvents(Transactor tx, OutboxFeed feed, EventStreamSettings settings) {
        this.tx = tx;
        this.feed = feed;
        this.settings = settings;
    }

    /** Starts at the current end of the outbox; older events are read only to replay a resuming client. */
    public LiveEvents start() {
        positionAt(tx.read(feed::lastId));
        poller.scheduleWithFixedDelay(this::pollSafely, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Where the tail starts reading (start() uses the end of the outbox; tests choose). */
    void positionAt(long id) {
        position.set(id);
        gapAfter = -1;
    }

    private void pollSafely() {
        try {
            while (poll() == READ_BATCH_MAX) {
                // Behind: keep reading until caught up.
            }
            DatabaseOutage.reachable();
        } catch (RuntimeException e) {
            if (!DatabaseOutage.report("the live-event poller", e)) {
                log.warn("reading the outbox failed; trying again in {}", settings.pollInterval(), e);
            }
        }
    }

    /** One read; returns how many rows it read. Runs on the poller thread only (tests call it directly). */
    int poll() {
        long after = position.get();
        OutboxFeed.Snapshot snapshot = tx.read(() -> feed.after(after, READ_BATCH_MAX));
        for (OutboxEvent event : snapshot.rows()) {
            long current = position.get();
            if (event.id() != current + 1) {
                if (gapAfter != current) {
                    // First sight of this gap: remember who could still fill it.
                    gapAfter = current;
                    gapXmax = snapshot.xmax();
                    gapSeenNanos = System.nanoTime();
                    return snapshot.rows().size();
                }
                if (snapshot.xmin() < gapXmax) {
                    if (System.nanoTime() - gapSeenNanos < GAP_WAIT_MAX.toNanos()) {
                        return snapshot.rows().size(); // a transaction that may hold the missing id is still running
                    }
                    // A write transaction open this long is stuck; the stream does not wait for it any longer.
                    log.warn("outbox ids {}..{} still invisible after {}; the live stream moves on without them",
                            current + 1, event.id() - 1, GAP_WAIT_MAX);
                }
                // Every such transaction has ended and the id is still missing: it was rolled back.
            }
            publish(event);
        }
        return snapshot.rows().size();
    }

    private void publish(OutboxEvent event) {
        synchronized (subscribeLock) {
            position.set(event.id());
            for (Subscription subscription : subscriptions) {
                subscription.offer(event);
            }
        }
    }

    /**
     * A new client. Without {@code lastEventId} it receives events from now on; with one, it first
     * gets what it missed (see {@link Subscription#missed}).
     */
    public Subscription subscribe(OptionalLong lastEventId) {
        return subscribe(lastEventId, null);
    }

    /**
     * A new client of {@code owner} (who is streaming; null for none), within the caps: at most
     * {@link EventStreamSettings#streamsMax} open streams, and {@link EventStreamSettings#streamsPerOperatorMax}
     * of one owner. A stream holds its place until its {@link Subscription#close}.
     *
     * @throws StreamLimitReached when a cap is reached; nothing is subscribed then
     */
    public Subscription subscribe(OptionalLong lastEventId, String owner) {
        synchronized (subscribeLock) {
            long now = position.get();
            var subscription = new Subscription(lastEventId.orElse(now), now, owner);
            if (closed.get()) {
                subscription.drop();
                return subscription;
            }
            if (open.size() >= settings.streamsMax()) {
                throw new StreamLimitReached(false, settings.streamsMax());
            }
            if (owner != null && open.stream().filter(s -> owner.equals(s.owner)).count() >= settings.streamsPerOperatorMax()) {
                throw new StreamLimitReached(true, settings.streamsPerOperatorMax());
            }
            subscriptions.add(subscription);
            open.add(subscription);
            return subscription;
        }
    }

    /** Streams whose thread has not finished: what the caps count. */
    public int openStreams() {
        return open.size();
    }

    public EventStreamSettings settings() {
        return settings;
    }

    /** The id of the last event passed to clients (every id up to it is final). */
    public long position() {
        return position.get();
    }

    public int clients() {
        return subscriptions.size();
    }

    /** Clients dropped because they did not keep up. */
    public long droppedClients() {
        return droppedClients.get();
    }

    /**
     * Stops the tail and ends every stream, waiting briefly for their threads to finish so that the
     * HTTP server is not stopped under a response that is still being completed.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            poller.shutdownNow();
            subscriptions.forEach(Subscription::drop);
            subscriptions.clear();
            long deadline = System.nanoTime() + STREAMS_END_WAIT.toNanos();
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** What one client receives: first the events it missed, then live ones from its bounded queue. */
    public final class Subscription implements AutoCloseable {
        private final BlockingQueue<OutboxEvent> queue = new ArrayBlockingQueue<>(settings.clientQueueMax());
        private final long resumeAfter;
        private final long subscribedAt;
        private final String owner;
        private final AtomicBoolean dropped = new AtomicBoolean();
        private long lastSent;

        private Subscription(long resumeAfter, long subscribedAt, String owner) {
            this.resumeAfter = resumeAfter;
            this.subscribedAt = subscribedAt;
            this.owner = owner;
            this.lastSent = resumeAfter;
        }

        private void offer(OutboxEvent event) {
            if (dropped.get()) {
                return;
            }
            if (!queue.offer(event)) {
                // A client that cannot keep up is cut off rather than let its backlog grow; it may reconnect and resume.
                droppedClients.incrementAndGet();
                log.info("dropping a live-event client that fell {} events behind", settings.clientQueueMax());
                drop();
            }
        }

        /**
         * The events after the client's {@code Last-Event-ID} up to when it subscribed, read from the
         * outbox; empty when it had missed nothing. {@link Missed#tooMany} when it missed more than
         * the replay bound: it should then reload its views instead.
         */
        public Missed missed() {
            if (resumeAfter >= subscribedAt) {
                return new Missed(List.of(), false, subscribedAt);
            }
            List<OutboxEvent> rows = tx.read(() -> feed.between(resumeAfter, subscribedAt, settings.replayMax() + 1));
            if (rows.size() > settings.replayMax()) {
                lastSent = subscribedAt;
                return new Missed(List.of(), true, subscribedAt);
            }
            if (!rows.isEmpty()) {
                lastSent = rows.get(rows.size() - 1).id();
            }
            lastSent = Math.max(lastSent, subscribedAt);
            return new Missed(rows, false, subscribedAt);
        }

        /** The next live event, waiting up to {@code wait}; empty on timeout or when dropped. */
        public java.util.Optional<OutboxEvent> next(Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (!dropped.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return java.util.Optional.empty();
                }
                OutboxEvent event = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (event != null && event.id() > lastSent) {
                    lastSent = event.id();
                    return java.util.Optional.of(event);
                }
            }
            return java.util.Optional.empty();
        }

        public boolean dropped() {
            return dropped.get();
        }

        /** Stops offering events to this client; its stream ends at its next wake-up. */
        public void drop() {
            dropped.set(true);
            subscriptions.remove(this);
        }

        /** Called by the stream's own thread when it has finished with the client. */
        @Override
        public void close() {
            drop();
            open.remove(this);
        }
    }

    /** A new stream would pass the server's cap, or the owner's when {@code perOwner}. */
    public static final class StreamLimitReached extends RuntimeException {
        private final boolean perOwner;
        private final int limit;

        StreamLimitReached(boolean perOwner, int limit) {
            super((perOwner ? "this operator already has " : "this server already serves ") + limit
                    + " open event streams", null, false, false);
            this.perOwner = perOwner;
            this.limit = limit;
        }

        public boolean perOwner() {
            return perOwner;
        }

        public int limit() {
            return limit;
        }
    }

    /** Replay for a resuming client; {@code upTo} is the id to send when {@code tooMany}. */
    public record Missed(List<OutboxEvent> events, boolean tooMany, long upTo) {
    }

}
