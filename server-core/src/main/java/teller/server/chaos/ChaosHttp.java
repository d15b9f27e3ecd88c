package teller.server.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The workload's HTTP client of Teller's API. A write is sent with an Idempotency-Key and, when it
 * gets no answer (connection refused or lost, timeout) or an answer that says "try again" (5xx,
 * 429, 409 IDEMPOTENCY_IN_PROGRESS), sent again with the same key until it is answered or the call
 * deadline passes: as a well-behaved client of a payments API would.
 */
final class ChaosHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration BACKOFF_INITIAL = Duration.ofMillis(100);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(2);

    /** An answer that settles the call. */
    record Answer(int status, JsonNode body) {
        String at(String pointer) {
            JsonNode node = body.at(pointer);
            return node.isMissingNode() || node.isNull() ? null : node.asText();
        }

        String errorCode() {
            return at("/error/code");
        }
    }

    /** What one call took: its answer (or none when the deadline passed), how many sends, when it was answered. */
    record Outcome(Answer answer, int sends, long answeredAtNanos) {
        boolean answered() {
            return answer != null;
        }
    }

    /** Answers 500 (the "never 500"), each an anomaly; the call is still sent again. */
    final java.util.concurrent.atomic.AtomicInteger internalErrors = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.List<String> internalErrorSamples = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final int SAMPLES_MAX = 10;
    private final String baseUrl;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ChaosHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One send, no retry; null when there was no HTTP answer. */
    Answer once(String method, String path, Object body, String token, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode parsed = text == null || text.isBlank() ? JSON.createObjectNode() : parseOrText(text);
            return new Answer(response.statusCode(), parsed);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Sends until answered for good, the deadline passes, or {@code giveUp} says so. */
    Outcome call(String method, String path, Object body, String token, String idempotencyKey, Duration deadline,
                 BooleanSupplier giveUp) {
        long end = System.nanoTime() + deadline.toNanos();
        Duration backoff = BACKOFF_INITIAL;
        for (int sends = 1; ; sends++) {
            Answer answer = once(method, path, body, token, idempotencyKey);
            if (answer != null && answer.status() == 500 && internalErrors.incrementAndGet() <= SAMPLES_MAX) {
                internalErrorSamples.add(method + " " + path + ": " + answer.body());
            }
            if (answer != null && !tryAgain(answer)) {
                return new Outcome(answer, sends, System.nanoTime());
            }
            if (System.nanoTime() > end || giveUp.getAsBoolean()) {
                return new Outcome(null, sends, 0);
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(null, sends, 0);
            }
            backoff = backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff.multipliedBy(2);
        }
    }

    /** Answers that settle nothing: the server was down, overloaded, or still running the first send. */
    static boolean tryAgain(Answer answer) {
        return answer.status() >= 500 || answer.status() == 429
                || (answer.status() == 409 && "IDEMPOTENCY_IN_PROGRESS".equals(answer.errorCode()));
    }

    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static JsonNode parseOrText(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException notJson) {
            return JSON.createObjectNode().put("text", text);
        }
    }
}
