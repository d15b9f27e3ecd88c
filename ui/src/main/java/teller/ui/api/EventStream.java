package teller.ui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's live events ({@code GET /api/v1/events/stream}, server-sent events) on a thread of
 * their own, never the FX thread. Reconnects after a drop with jittered exponential backoff and
 * {@code Last-Event-ID}, so nothing written meanwhile is missed (or the server answers
 * {@link #RESYNC}: reload everything). Stops for good when the session is refused (401/403).
 * Listeners are called on the stream's thread; UI code hops to the FX thread itself.
 */
public final class EventStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The server sends a heartbeat every 15 s by default: three missed ones mean the connection is dead. */
    static final Duration SILENCE_MAX = Duration.ofSeconds(45);
    static final Duration BACKOFF_INITIAL = Duration.ofMillis(500);
    static final Duration BACKOFF_MAX = Duration.ofSeconds(15);
    /** The event the server sends instead of a replay too long to send: reload the views. */
    public static final String RESYNC = "RESYNC";

    /** One event: the outbox id, its type, what it is about and its payload. */
    public record ServerEvent(long id, String type, String aggregateType, String aggregateId, JsonNode payload) {
        /** A payload field as text, or null. */
        public String field(String name) {
            JsonNode value = payload == null ? null : payload.get(name);
            return value == null || value.isNull() ? null : value.asText();
        }
    }

    /** What the stream reports besides events: connection state changes, for a status indicator. */
    public interface StateListener {
        void connected(boolean connected);

        /** The server refused the session with {@code status} (401, 403): the stream has stopped for good. */
        default void refused(int status) {
        }
    }

    private final OkHttpClient http;
    private final TellerClient client;
    private final Consumer<ServerEvent> listener;
    private final StateListener state;
    private final AtomicReference<Call> current = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile long lastEventId = -1;

    private EventStream(TellerClient client, Consumer<ServerEvent> listener, StateListener state) {
        this.client = Objects.requireNonNull(client);
        this.listener = Objects.requireNonNull(listener);
        this.state = state == null ? connected -> { } : state;
        this.http = client.httpClient().newBuilder().readTimeout(SILENCE_MAX).callTimeout(Duration.ZERO).build();
        this.thread = new Thread(this::run, "teller-event-stream");
        thread.setDaemon(true);
    }

    /** Opens the stream in the background; events from now on reach {@code listener}. */
    public static EventStream open(TellerClient client, Consumer<ServerEvent> listener, StateListener state) {
        EventStream stream = new EventStream(client, listener, state);
        stream.thread.start();
        return stream;
    }

    private void run() {
        long backoffMillis = BACKOFF_INITIAL.toMillis();
        while (!closed) {
            int refused = 0;
            long waitAtLeastMillis = 0;
            try {
                refused = connectOnce();
                backoffMillis = BACKOFF_INITIAL.toMillis(); // it was up; start over after a drop
            } catch (Busy e) {
                waitAtLeastMillis = e.retryAfterMillis;
                log.info("event stream not accepted now ({}); trying again in {} ms", e.getMessage(), waitAtLeastMillis);
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.debug("event stream dropped: {}", e.toString());
                }
            }
            state.connected(false);
            if (refused != 0 && !closed) {
                state.refused(refused);
            }
            if (refused != 0 || closed) {
                return;
            }
            long jittered = backoffMillis / 2 + ThreadLocalRandom.current().nextLong(backoffMillis / 2 + 1);
            try {
                Thread.sleep(Math.max(jittered, waitAtLeastMillis));
            } catch (InterruptedException e) {
                return;
            }
            backoffMillis = Math.min(backoffMillis * 2, BACKOFF_MAX.toMillis());
        }
    }

    /** One connection until it ends; the status when the server refused the session (no point retrying), else 0. */
    private int connectOnce() throws IOException {
        Request.Builder request = client.authorizedRequest("api/v1/events/stream").get()
                .header("Accept", "text/event-stream");
        if (lastEventId >= 0) {
            request.header("Last-Event-ID", String.valueOf(lastEventId));
        }
        Call call = http.newCall(request.build());
        current.set(call);
        if (closed) {
            call.cancel();
        }
        try (Response response = call.execute()) {
            if (response.code() == 401 || response.code() == 403) {
                log.info("event stream refused ({}); live updates stop until the next sign-in", response.code());
                return response.code();
            }
            if (response.code() == 429 || response.code() == 503) {
                throw new Busy(response.code(), retryAfterMillis(response.header("Retry-After")));
            }
            if (!response.isSuccessful() || response.body() == null) {
                throw new IOException("event stream answered " + response.code());
            }
            state.connected(true);
            read(new BufferedReader(new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8)));
            return 0;
        }
    }

    /** The server has no stream for us now (503: all taken, 429: this operator has too many); it says when to come back. */
    private static final class Busy extends IOException {
        final long retryAfterMillis;

        Busy(int status, long retryAfterMillis) {
            super("HTTP " + status);
            this.retryAfterMillis = retryAfterMillis;
        }
    }

    /** {@code Retry-After} in seconds, bounded to {@link #BACKOFF_MAX}; 0 when absent or not a number of seconds. */
    static long retryAfterMillis(String header) {
        if (header == null) {
            return 0;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return Math.min(Math.max(seconds, 0) * 1_000, BACKOFF_MAX.toMillis());
        } catch (NumberFormatException e) {
            return 0; // an HTTP date: the usual backoff applies
        }
    }

    /** The text/event-stream format: fields until a blank line dispatches the event. */
    private void read(BufferedReader in) throws IOException {
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        String line;
        while (!closed && (line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    dispatch(id, type, data.toString());
                }
                id = null;
                type = null;
                data.setLength(0);
            } else if (line.startsWith(":")) {
                continue; // heartbeat or greeting
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                type = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.substring(5).trim());
            }
        }
    }

    private void dispatch(String id, String type, String data) {
        long eventId = -1;
        try {
            if (id != null) {
                eventId = Long.parseLong(id);
            }
        } catch (NumberFormatException ignored) {
            // Not one of ours; delivered without moving the resume point.
        }
        JsonNode body;
        try {
            body = JSON.readTree(data);
        } catch (IOException e) {
            log.warn("unreadable event {} ({}) skipped", id, type);
            return;
        }
        if (eventId >= 0) {
            lastEventId = eventId;
        }
        JsonNode payload = body.get("payload");
        var event = new ServerEvent(eventId, type == null ? "message" : type, text(body, "aggregateType"),
                text(body, "aggregateId"), payload == null ? JSON.createObjectNode() : payload);
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            log.warn("event listener failed on {} {}", event.type(), event.id(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The id of the last event received: where a reconnect resumes. */
    public long lastEventId() {
        return lastEventId;
    }

    @Override
    public void close() {
        closed = true;
        Call call = current.get();
        if (call != null) {
            call.cancel();
        }
        thread.interrupt();
    }
}
