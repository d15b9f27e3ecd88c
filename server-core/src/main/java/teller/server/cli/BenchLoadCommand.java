package teller.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code bench} command's HTTP load generator. {@code bench} starts it as a child JVM of the
 * same jar, so the server's process is measured on its own (its CPU, its heap, its GC) and the
 * load generator's work does not count against it. Hidden: not meant to be run by hand.
 *
 * <p>Each line of {@code --work} is one request: an order id to approve ({@code approve}), or
 * {@code playerId,currency} to submit a deposit for ({@code intake}). The result (this process's
 * pid, requests, errors, seconds, p50 and p99) is written as JSON to {@code --out}.
 *
 * <p>Without {@code --rate} the clients send as fast as the server answers (closed loop: the
 * maximum rate). With {@code --rate R} the requests are scheduled in advance at R per second with
 * Poisson arrivals, as {@code pgbench --rate} schedules its transactions, and each latency counts
 * from the request's scheduled time, not from when a client got round to sending it: a slow answer
 * delays the requests behind it, and that delay is counted (no coordinated omission).
 */
@Command(name = "bench-load", hidden = true,
        description = "(internal) the bench command's HTTP load generator, run in its own JVM.")
public final class BenchLoadCommand implements Callable<Integer> {
    static final String APPROVE = "approve";
    static final String INTAKE = "intake";
    static final long DEPOSIT_MINOR = 2_500;
    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(names = "--base-url", required = true)
    String baseUrl;

    @Option(names = "--token", required = true)
    String token;

    @Option(names = "--clients", required = true)
    int clients;

    @Option(names = "--mode", required = true, description = "approve or intake")
    String mode;

    @Option(names = "--work", required = true)
    Path work;

    @Option(names = "--out", required = true)
    Path out;

    @Option(names = "--label", defaultValue = "run")
    String label;

    @Option(names = "--without-idempotency-key")
    boolean withoutIdempotencyKey;

    @Option(names = "--rate", defaultValue = "0", description = "requests per second, open loop; 0: as fast as answered")
    double rate;

    /** A fixed seed: runs of one rate send on the same schedule. */
    private static final long SCHEDULE_SEED = 14;

    @Override
    public Integer call() throws Exception {
        if (!mode.equals(APPROVE) && !mode.equals(INTAKE)) {
            System.err.println("--mode must be " + APPROVE + " or " + INTAKE);
            return 2;
        }
        List<String> lines = Files.readAllLines(work).stream().filter(l -> !l.isBlank()).toList();
        long[] latencies = new long[lines.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        OkHttpClient http = BenchServer.httpClient(clients * 2).callTimeout(Duration.ofSeconds(60)).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long[] schedule = rate > 0 ? poissonSchedule(lines.size(), rate) : null;
        long started = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < lines.size(); i = next.getAndIncrement()) {
                        Request request = request(lines.get(i));
                        long t0 = schedule == null ? System.nanoTime() : waitUntil(started + schedule[i]);
                        try (Response response = http.newCall(request).execute()) {
                            String body = response.body().string();
                            latencies[i] = System.nanoTime() - t0;
                            if (!succeeded(response.code(), body)) {
                                errors.incrementAndGet();
                                if (firstError.compareAndSet(null, request.url() + " -> " + response.code() + " " + body)) {
                                    System.err.println(label + ": " + firstError.get());
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
            BenchServer.stop(http);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("pid", ProcessHandle.current().pid());
        result.put("mode", mode);
        result.put("requests", lines.size());
        result.put("errors", errors.get());
        result.put("seconds", seconds);
        result.put("rate", rate);
        result.put("p50Ms", BenchServer.percentileMillis(latencies, 0.50));
        result.put("p99Ms", BenchServer.percentileMillis(latencies, 0.99));
        result.put("firstError", firstError.get());
        MAPPER.writeValue(out.toFile(), result);
        return 0;
    }

    /** Send times, in nanoseconds from the start, of requests arriving at {@code perSecond} as a Poisson process. */
    static long[] poissonSchedule(int count, double perSecond) {
        java.util.Random random = new java.util.Random(SCHEDULE_SEED);
        long[] at = new long[count];
        double seconds = 0;
        for (int i = 0; i < count; i++) {
            seconds += -Math.log(1 - random.nextDouble()) / perSecond;
            at[i] = (long) (seconds * 1e9);
        }
        return at;
    }

    /** Returns the scheduled time itself: the latency counts from it even when the client is late. */
    private static long waitUntil(long scheduledNanos) throws InterruptedException {
        long wait = scheduledNanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        return scheduledNanos;
    }

    private Request request(String line) throws Exception {
        Request.Builder request = new Request.Builder().header("Authorization", "Bearer " + token);
        String key;
        if (mode.equals(APPROVE)) {
            long orderId = Long.parseLong(line.trim());
            request.url(baseUrl + "/api/v1/orders/" + orderId + "/approve").post(RequestBody.create("{}", JSON));
            key = "bench-approve-" + orderId;
        } else {
            String[] parts = line.trim().split(",", 2);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "DEPOSIT");
            body.put("playerId", parts[0]);
            body.put("amount", DEPOSIT_MINOR);
            body.put("currency", parts[1]);
            body.put("source", Map.of("channel", "API"));
            request.url(baseUrl + "/api/v1/orders").post(RequestBody.create(MAPPER.writeValueAsString(body), JSON));
            key = "bench-intake-" + parts[0];
        }
        if (!withoutIdempotencyKey) {
            request.header("Idempotency-Key", key);
        }
        return request.build();
    }

    private boolean succeeded(int status, String body) {
        return mode.equals(APPROVE) ? status == 200 && body.contains("\"APPROVED_EXECUTED\"") : status == 201;
    }
}
