package teller.ui.console;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.ui.api.EventStream;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/**
 * The signed-in session's one connection to the server's live events, shared by every screen:
 * the console opens it when it shows and closes it on sign-out or lock. The console shell
 * subscribes the screen on show to the event types it follows ({@link ConsoleScreen#liveEventTypes});
 * listeners run on the UI thread. A
 * {@link EventStream#RESYNC} reaches every subscriber whatever its types: too much was missed,
 * reload. When the server refuses the session (401) the feed stops and tells the console.
 */
public final class LiveFeed implements LiveSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    /** A subscription; closing it stops delivery at once, even of events already on their way. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final TellerClient client;
    private final UiExecutors executors;
    private final Runnable onRefused;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper();
    private EventStream stream;
    private boolean closed;

    private static final class Listener {
        final Set<String> types;
        final Consumer<EventStream.ServerEvent> action;
        volatile boolean open = true;

        Listener(Set<String> types, Consumer<EventStream.ServerEvent> action) {
            this.types = types;
            this.action = action;
        }

        boolean wants(String type) {
            return open && (types.contains(type) || EventStream.RESYNC.equals(type));
        }
    }

    /**
     * @param onRefused called on the UI thread when the server refuses the session on the stream
     *                  (it ended: logout elsewhere, expiry, password reset); the feed has stopped
     */
    public LiveFeed(TellerClient client, UiExecutors executors, Runnable onRefused) {
        this.client = Objects.requireNonNull(client);
        this.executors = Objects.requireNonNull(executors);
        this.onRefused = Objects.requireNonNull(onRefused);
    }

    /** Connects in the background (again after a drop, by itself). Call on the UI thread. */
    public void start() {
        if (stream != null || closed) {
            return;
        }
        stream = EventStream.open(client, this::arrived, new EventStream.StateListener() {
            @Override
            public void connected(boolean up) {
                executors.onUi(() -> connected.set(up && !closed));
            }

            @Override
            public void refused(int status) {
                executors.onUi(() -> {
                    if (!closed && status == 401) {
                        onRefused.run();
                    }
                });
            }
        });
    }

    @Override
    public Subscription subscribe(Set<String> types, Consumer<EventStream.ServerEvent> action) {
        Listener listener = new Listener(Set.copyOf(types), Objects.requireNonNull(action));
        listeners.add(listener);
        return () -> {
            listener.open = false;
            listeners.remove(listener);
        };
    }

    /**
     * On the stream's thread: the event waits with any others that arrive before the UI thread takes
     * them, so that a burst costs the UI thread one task, not one per event (decision 0195).
     */
    private void arrived(EventStream.ServerEvent event) {
        arrived.add(event);
        if (drainPosted.compareAndSet(false, true)) {
            executors.onUi(this::drain);
        }
    }

    private final java.util.concurrent.ConcurrentLinkedQueue<EventStream.ServerEvent> arrived =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean drainPosted = new java.util.concurrent.atomic.AtomicBoolean();

    /** On the UI thread: delivers every event that has arrived, in order. */
    private void drain() {
        drainPosted.set(false);
        EventStream.ServerEvent event;
        while ((event = arrived.poll()) != null) {
            deliver(event);
        }
    }

    /** On the UI thread. */
    private void deliver(EventStream.ServerEvent event) {
        if (closed) {
            return;
        }
        for (Listener listener : listeners) {
            if (listener.wants(event.type())) {
                try {
                    listener.action.accept(event);
                } catch (RuntimeException e) {
                    // One screen's failure must not keep the event from the others.
                    log.warn("live update of {} {} failed", event.type(), event.id(), e);
                }
            }
        }
    }

    @Override
    public ReadOnlyBooleanProperty connectedProperty() {
        return connected.getReadOnlyProperty();
    }

    /** Stops the stream and every delivery; the feed cannot be started again. */
    @Override
    public void close() {
        closed = true;
        listeners.clear();
        connected.set(false);
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }
}
