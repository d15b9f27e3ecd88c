package teller.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A real HTTP client of {@code GET /api/v1/events/stream} that parses the text/event-stream wire
 * format by hand (so the test checks what goes over the wire, not a library's reading of it).
 */
public final class EventStreamReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One dispatched event; {@code comment} lines are collected separately. */
    public record Event(String id, String type, JsonNode data) {
    }

    private final OkHttpClient http;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final Call call;
    private final int status;
    private final okhttp3.Headers headers;
    private final CountDownLatch end = new CountDownLatch(1);
    /** The JSON error of a refused request (not a stream), else null. */
    private final JsonNode refusal;
    private volatile boolean ended;

    private EventStreamReader(OkHttpClient http, Call call, Response response) throws IOException {
        this.http = http;
        this.call = call;
        this.status = response.code();
        this.headers = response.headers();
        if (status != 200) {
            try (response) {
                String text = response.body() == null ? "" : response.body().string();
                refusal = text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
            }
            ended = true;
            end.countDown();
            return;
        }
        refusal = null;
        Thread reader = new Thread(() -> read(response), "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects; {@code lastEventId} may be null. Returns at once with the response status known. */
    public static EventStreamReader open(String baseUrl, String token, String lastEventId) {
        var builder = new Request.Builder().url(baseUrl + "/api/v1/events/stream").header("Accept", "text/event-stream");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();
        Call call = client.newCall(builder.build());
        try {
            return new EventStreamReader(client, call, call.execute());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the event stream", e);
        }
    }

    private void read(Response response) {
        try (response; var in = new BufferedReader(new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0 || type != null) {
                        String text = data.toString();
                        events.add(new Event(id, type == null ? "message" : type,
                                text.isEmpty() ? JSON.nullNode() : JSON.readTree(text)));
                    }
                    id = null;
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
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
        } catch (IOException e) {
            // Closed by the test or the server: the stream has ended.
        } finally {
            ended = true;
            end.countDown();
        }
    }

    public int status() {
        return status;
    }

    public boolean ended() {
        return ended;
    }

    /** Whether the server ended the stream (or the test closed it) within {@code timeout}. */
    public boolean awaitEnded(Duration timeout) throws InterruptedException {
        return end.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A response header, such as {@code Retry-After} of a refused stream. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The JSON error body of a refused request ({@link #status} other than 200). */
    public JsonNode refusal() {
        return refusal;
    }

    /** The next event that matches, skipping others; fails after {@code timeout}. */
    public Event next(Duration timeout, Predicate<Event> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no matching event within " + timeout);
            }
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** Every event that arrives within {@code window}. */
    public List<Event> drain(Duration window) throws InterruptedException {
        List<Event> all = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return all;
            }
            Event event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event != null) {
                all.add(event);
            }
        }
    }

    /** The next comment line (heartbeat), or fails after {@code timeout}. */
    public String nextComment(Duration timeout) throws InterruptedException {
        String comment = comments.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (comment == null) {
            throw new AssertionError("no comment within " + timeout);
        }
        return comment;
    }

    @Override
    public void close() {
        call.cancel();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
