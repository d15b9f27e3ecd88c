package teller.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP provider for tests, implementing the provider contract of API.md on a random
 * loopback port: {@code POST /game-loads|/payouts} with an {@code Idempotency-Key} executes a key
 * at most once and stores its outcome; {@code GET /game-loads|/payouts/{key}} answers the stored
 * outcome or 404. How each POST behaves is scripted per key (falling back to a default), so tests
 * can make the provider refuse, fail, time out, or execute and then hide the answer.
 *
 * <p>Counters tell what the provider saw: {@link #requests} (POSTs that reached it, repeats of a key
 * included), {@link #executions} (times it actually executed a key: 0 or 1 by contract) and
 * {@link #succeededKeysOfOrder} (keys executed for one order: more than one means the order ran twice).
 */
public final class FakeProvider implements AutoCloseable {
    public static final String TOKEN = "fake-provider-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOLD_LIMIT_MILLIS = 60_000;

    /** What one POST does. */
    public enum Behaviour {
        /** Execute (once per key) and answer the stored success. */
        SUCCEED,
        /** Refuse (stored, so the key stays refused) and answer {@code success:false} with HTTP 422. */
        REFUSE,
        /** Answer 503 without executing: the provider is struggling. */
        FAIL_5XX,
        /**
         * Refuse without executing, as a provider whose own upstream is down: {@code success:false}
         * with {@code GAME_LOAD_API_UNAVAILABLE} / {@code PAYOUT_API_UNAVAILABLE}. Not stored: the key may run later.
         */
        REFUSE_UNAVAILABLE,
        /** Hold the request past any client timeout and drop it without executing (lost in transit). */
        TIMEOUT_LOST,
        /** Execute, then hold the answer until released (the client times out on a request that ran). */
        EXECUTE_THEN_HANG,
        /** Execute, then close the connection without answering. */
        EXECUTE_THEN_DROP,
        /**
         * Keep the request at the door, before the provider logic, until released; then discard it.
         * The provider never sees it (not counted), as if the caller died before calling.
         */
        PARK
    }

    public record Outcome(int status, Map<String, Object> body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-provider");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Outcome> stored = new ConcurrentHashMap<>();
    private final Map<String, Deque<Behaviour>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> parked = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> lastBodies = new ConcurrentHashMap<>();
    private final Map<String, String> lastAuthorization = new ConcurrentHashMap<>();
    private final AtomicInteger transactionIds = new AtomicInteger();
    private volatile Behaviour defaultBehaviour = Behaviour.SUCCEED;
    private volatile boolean lookupsFail;
    private volatile long timeoutHoldMillis = 2_000;
    private volatile CountDownLatch release = new CountDownLatch(1);

    private FakeProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        for (String resource : List.of("game-loads", "payouts")) {
            server.createContext("/" + resource, exchange -> handle(resource, exchange));
        }
        server.start();
    }

    public static FakeProvider start() {
        try {
            return new FakeProvider();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---------------------------------------------------------------- programming

    /** What POSTs of keys without a script do. */
    public FakeProvider defaultBehaviour(Behaviour behaviour) {
        defaultBehaviour = behaviour;
        return this;
    }

    /** The next POSTs of {@code key} behave as given, in order; later ones use the default. */
    public FakeProvider script(String key, Behaviour... behaviours) {
        scripts.computeIfAbsent(key, k -> new ArrayDeque<>()).addAll(List.of(behaviours));
        return this;
    }

    /** While on, every GET by key answers 503: the caller cannot learn any outcome. */
    public FakeProvider lookupsFail(boolean fail) {
        lookupsFail = fail;
        return this;
    }

    /** How long {@link Behaviour#TIMEOUT_LOST} holds a request; set it beyond the caller's timeout. */
    public FakeProvider timeoutHoldMillis(long millis) {
        timeoutHoldMillis = millis;
        return this;
    }

    /** Lets every held request (PARK, EXECUTE_THEN_HANG) go: parked ones are discarded, hung ones answered. */
    public void releaseHeld() {
        CountDownLatch previous = release;
        release = new CountDownLatch(1);
        previous.countDown();
    }

    // ---------------------------------------------------------------- what the provider saw

    public int requests(String key) {
        return count(requests, key);
    }

    public int executions(String key) {
        return count(executions, key);
    }

    public int lookups(String key) {
        return count(lookups, key);
    }

    /** Requests held at the door by {@link Behaviour#PARK} (never seen by the provider logic). */
    public int parked(String key) {
        return count(parked, key);
    }

    public Outcome outcome(String key) {
        return stored.get(key);
    }

    public JsonNode lastBody(String key) {
        return lastBodies.get(key);
    }

    public String lastAuthorization(String key) {
        return lastAuthorization.get(key);
    }

    /** Keys of {@code orderId} that executed successfully; more than one means the order ran twice. */
    public List<String> succeededKeysOfOrder(long orderId) {
        return stored.entrySet().stream()
                .filter(e -> e.getKey().startsWith(orderId + ":") && Boolean.TRUE.equals(e.getValue().body().get("success")))
                .map(Map.Entry::getKey).sorted().toList();
    }

    private static int count(Map<String, AtomicInteger> counters, String key) {
        AtomicInteger counter = counters.get(key);
        return counter == null ? 0 : counter.get();
    }

    // ---------------------------------------------------------------- the contract

    private void handle(String resource, HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            String prefix = "/" + resource;
            if ("GET".equals(exchange.getRequestMethod()) && path.startsWith(prefix + "/")) {
                lookup(URLDecoder.decode(path.substring(prefix.length() + 1), StandardCharsets.UTF_8), exchange);
            } else if ("POST".equals(exchange.getRequestMethod()) && path.equals(prefix)) {
                post(exchange);
            } else {
                respond(exchange, 404, Map.of("error", "no such route"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Closing an exchange that was never answered drops the connection, as a crashed provider would.
            exchange.close();
        }
    }

    private void lookup(String key, HttpExchange exchange) throws IOException {
        counter(lookups, key).incrementAndGet();
        if (lookupsFail) {
            respond(exchange, 503, Map.of("error", "lookups are down"));
            return;
        }
        Outcome outcome = stored.get(key);
        if (outcome == null) {
            respond(exchange, 404, Map.of("error", "unknown idempotency key"));
        } else {
            respond(exchange, outcome.status(), outcome.body());
        }
    }

    private void post(HttpExchange exchange) throws IOException, InterruptedException {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (key == null || key.isBlank()) {
            respond(exchange, 400, Map.of("success", false, "errorCode", "MISSING_KEY", "error", "Idempotency-Key is required"));
            return;
        }
        Behaviour behaviour = next(key);
        if (behaviour == Behaviour.PARK) {
            counter(parked, key).incrementAndGet();
            release.await(HOLD_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
            return; // discarded: closing the exchange without an answer drops the connection
        }
        counter(requests, key).incrementAndGet();
        lastBodies.put(key, JSON.readTree(raw));
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        lastAuthorization.put(key, authorization == null ? "" : authorization);
        switch (behaviour) {
            case SUCCEED, REFUSE -> {
                Outcome outcome = executeOnce(key, behaviour == Behaviour.SUCCEED);
                respond(exchange, outcome.status(), outcome.body());
            }
            case FAIL_5XX -> respond(exchange, 503, Map.of("error", "provider overloaded"));
            case REFUSE_UNAVAILABLE -> respond(exchange, 503, Map.of("success", false, "errorCode",
                    (exchange.getRequestURI().getPath().contains("game-loads") ? "GAME_LOAD" : "PAYOUT") + "_API_UNAVAILABLE",
                    "error", "the provider's own upstream is unavailable"));
            case TIMEOUT_LOST -> Thread.sleep(timeoutHoldMillis);
            case EXECUTE_THEN_HANG -> {
                Outcome outcome = executeOnce(key, true);
                release.await(HOLD_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
                respond(exchange, outcome.status(), outcome.body());
            }
            case EXECUTE_THEN_DROP -> executeOnce(key, true);
            default -> throw new IllegalStateException("unhandled " + behaviour);
        }
    }

    /** Executes a key at most once; a repeated key gets the stored outcome whatever was asked. */
    private Outcome executeOnce(String key, boolean succeed) {
        return stored.computeIfAbsent(key, k -> {
            counter(executions, k).incrementAndGet();
            Map<String, Object> body = new LinkedHashMap<>();
            if (succeed) {
                body.put("success", true);
                body.put("transactionId", "fake-tx-" + transactionIds.incrementAndGet());
                return new Outcome(200, body);
            }
            body.put("success", false);
            body.put("errorCode", "ACCOUNT_LOCKED");
            body.put("error", "the player's account at the provider is locked");
            return new Outcome(422, body);
        });
    }

    private Behaviour next(String key) {
        Deque<Behaviour> script = scripts.get(key);
        if (script != null) {
            synchronized (script) {
                Behaviour scripted = script.pollFirst();
                if (scripted != null) {
                    return scripted;
                }
            }
        }
        return defaultBehaviour;
    }

    private static AtomicInteger counter(Map<String, AtomicInteger> counters, String key) {
        return counters.computeIfAbsent(key, k -> new AtomicInteger());
    }

    private static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException callerGone) {
            // The caller timed out or died while we held its request; that is the point of the test.
        }
    }

    @Override
    public void close() {
        releaseHeld();
        server.stop(0);
        threads.shutdownNow();
    }
}
