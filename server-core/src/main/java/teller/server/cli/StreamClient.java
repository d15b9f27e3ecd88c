package teller.server.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/** One SSE client on its own thread, parsing the wire format and stamping each event's arrival. */
final class StreamClient implements AutoCloseable {
    static final Duration CONNECT_WAIT_MAX = Duration.ofSeconds(60);
    private final int index;
    private final Call call;
    private final CountDownLatch connected = new CountDownLatch(1);
    private final AtomicLong lastId = new AtomicLong(-1);
    private final Object progress = new Object();
    private final Thread thread;
    private volatile String failure = "not connected yet";
    private volatile boolean ended;
    /** Written by the reader thread only; read after it has stopped adding (see awaitThrough). */
    private long[] ids = new long[1_024];
    private long[] arrivals = new long[1_024];
    private int count;

    StreamClient(OkHttpClient http, String baseUrl, String token, int index) {
        this.index = index;
        this.call = http.newCall(new Request.Builder().url(baseUrl + "/api/v1/events/stream")
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build());
        this.thread = new Thread(this::read, "events-bench-client-" + index);
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try (Response response = call.execute()) {
            if (response.code() != 200) {
                failure = "HTTP " + response.code() + " " + response.body().string();
                return;
            }
            BufferedSource source = response.body().source();
            long id = -1;
            for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
                if (line.isEmpty()) {
                    if (id >= 0) {
                        add(id, System.nanoTime());
                    }
                    id = -1;
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith(":") && line.contains("connected")) {
                    // Sent once the server has subscribed this client: every later event reaches it.
                    connected.countDown();
                }
            }
            failure = "the server ended the stream";
        } catch (IOException | RuntimeException e) {
            failure = e.toString();
        } finally {
            ended = true;
            connected.countDown();
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    private void add(long id, long arrivedNanos) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
            arrivals = Arrays.copyOf(arrivals, count * 2);
        }
        ids[count] = id;
        arrivals[count] = arrivedNanos;
        count++;
        lastId.set(id);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    int index() {
        return index;
    }

    /** Events received so far (read once the client stopped adding, see awaitThrough). */
    int count() {
        return count;
    }

    long idAt(int i) {
        return ids[i];
    }

    /** When event {@code i} arrived (nanoTime). */
    long arrivalAt(int i) {
        return arrivals[i];
    }

    boolean awaitConnected(long deadlineNanos) throws InterruptedException {
        long wait = Math.min(deadlineNanos - System.nanoTime(), CONNECT_WAIT_MAX.toNanos());
        return connected.await(Math.max(0, wait), TimeUnit.NANOSECONDS) && !ended;
    }

    /** Waits until this client has received {@code id} (or a later one), its stream ended, or the deadline. */
    void awaitThrough(long id, long deadlineNanos) throws InterruptedException {
        synchronized (progress) {
            while (lastId.get() < id && !ended) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
    }

    /** The ids received in {@code (afterId, upToId]}, in arrival order. Call after the client has stopped. */
    long[] idsBetween(long afterId, long upToId) {
        return Arrays.stream(ids, 0, count).filter(i -> i > afterId && i <= upToId).toArray();
    }

    String failure() {
        return failure;
    }

    /** Stops reading and waits for the reader thread, so that its arrays are safe to read. */
    @Override
    public void close() {
        call.cancel();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
