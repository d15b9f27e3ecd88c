package teller.server.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.Protocol;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a provider over HTTP per the provider contract (API.md): POST to execute with the
 * {@code orderId:attempt} idempotency key, GET by key to learn an outcome. Calls go through a
 * circuit breaker and a bounded retry with jittered exponential backoff; when an answer is
 * missing after a request may have reached the provider, the provider is asked by key before
 * anything is concluded, so a hold is never released for work the provider did.
 */
public final class HttpExecutionProvider implements ExecutionProvider {
    private static final Logger log = LoggerFactory.getLogger(HttpExecutionProvider.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final double BACKOFF_MULTIPLIER = 2.0;
    private static final double BACKOFF_RANDOMIZATION = 0.5;
    private static final int ERROR_TEXT_LENGTH_MAX = 300;
    /**
     * Sends of one request again after it failed on a reused pooled connection before any answer
     * arrived (the provider had closed that connection). Each resend first drops the idle pooled
     * connections, so the bound only matters when the provider closes fresh connections too.
     */
    static final int STALE_CONNECTION_RESENDS_MAX = 3;

    private final ProviderSettings settings;
    private final OkHttpClient http;
    private final ObjectMapper json;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private volatile boolean closesConnections;
    /** When the breaker last went OPEN; null while it is not OPEN. */
    private volatile java.time.Instant openedAt;
    /** When the breaker entered its present state (the provider's creation until the first transition). */
    private volatile java.time.Instant stateSince = java.time.Instant.now();
    private volatile ProviderError lastError;
    private final java.util.List<Runnable> transitionListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public HttpExecutionProvider(ProviderSettings settings, OkHttpClient sharedClient, ObjectMapper json) {
        this(settings, sharedClient, json, CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults());
    }

    /** Registers this provider's breaker and retry in the given registries (which feed /metrics). */
    public HttpExecutionProvider(ProviderSettings settings, OkHttpClient sharedClient, ObjectMapper json,
                                 CircuitBreakerRegistry breakers, RetryRegistry retries) {
        this.settings = withCleanBaseUrl(settings);
        this.json = json;
        // OkHttp's own retry is off: it would also resend after a request reached the provider and
        // failed later, which must be settled by a lookup. Stale pooled connections are resent here.
        this.http = sharedClient.newBuilder()
                .callTimeout(settings.callTimeout())
                .retryOnConnectionFailure(false)
                .eventListenerFactory(ConnectionUse.FACTORY)
                .build();
        String name = settings.kind().name().toLowerCase(java.util.Locale.ROOT);
        this.breaker = breakers.circuitBreaker(name, CircuitBreakerConfig.custom()
                .slidingWindowSize(settings.breakerWindowCalls())
                .minimumNumberOfCalls(Math.min(settings.breakerWindowCalls(), 5))
                .failureRateThreshold(settings.breakerFailureRatePercent())
                .waitDurationInOpenState(settings.breakerOpenDuration())
                // Leaves OPEN after its wait without needing a call, so approvals refused while it is
                // OPEN (decision 0061) can go through again on their own.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordExceptions(TransientFailure.class)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            openedAt = event.getStateTransition().getToState() == CircuitBreaker.State.OPEN
                    ? event.getCreationTime().toInstant() : null;
            stateSince = event.getCreationTime().toInstant();
            for (Runnable listener : transitionListeners) {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    log.warn("{} breaker transition listener failed", settings.kind().label(), e);
                }
            }
        });
        this.retry = retries.retry(name, RetryConfig.custom()
                .maxAttempts(settings.attemptsMax())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.backoffInitial(),
                        BACKOFF_MULTIPLIER, BACKOFF_RANDOMIZATION, settings.backoffMax()))
                .retryExceptions(TransientFailure.class)
                .build());
    }

    /**
     * Refuses a base URL that is not http(s) at start rather than failing every execution later, and
     * drops trailing slashes so {@code https://host/api/} and {@code https://host/api} call the same paths.
     */
    private static ProviderSettings withCleanBaseUrl(ProviderSettings settings) {
        String base = settings.baseUrl() == null ? "" : settings.baseUrl().trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (HttpUrl.parse(base) == null) {
            throw new IllegalArgumentException(settings.kind().name() + "_API_URL must be an http(s) URL, got '"
                    + settings.baseUrl() + "'");
        }
        return new ProviderSettings(settings.kind(), base, settings.token(), settings.callTimeout(), settings.attemptsMax(),
                settings.backoffInitial(), settings.backoffMax(), settings.breakerWindowCalls(),
                settings.breakerFailureRatePercent(), settings.breakerOpenDuration());
    }

    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    public Retry retry() {
        return retry;
    }

    @Override
    public ProviderKind kind() {
        return settings.kind();
    }

    @Override
    public ProviderOutcome execute(ProviderRequest request) {
        ProviderOutcome outcome = executeOnce(request);
        if (outcome instanceof ProviderOutcome.Failed failed) {
            lastError = new ProviderError(failed.errorCode(), failed.error(), java.time.Instant.now());
        } else if (outcome instanceof ProviderOutcome.Refused refused) {
            lastError = new ProviderError(refused.errorCode(), refused.error(), java.time.Instant.now());
        } else if (outcome instanceof ProviderOutcome.Unknown unknown) {
            lastError = new ProviderError(settings.kind().codePrefix() + "UNKNOWN", unknown.error(), java.time.Instant.now());
        }
        return outcome;
    }

    private ProviderOutcome executeOnce(ProviderRequest request) {
        var mayHaveReached = new java.util.concurrent.atomic.AtomicBoolean(false);
        Supplier<ProviderOutcome> call = Retry.decorateSupplier(retry,
                CircuitBreaker.decorateSupplier(breaker, () -> postOnce(request, mayHaveReached)));
        try {
            return call.get();
        } catch (CallNotPermittedException e) {
            String message = settings.kind().label() + " circuit breaker is open after repeated failures";
            return mayHaveReached.get() ? resolveUncertain(request, message)
                    : failed(settings.kind().codePrefix() + "CIRCUIT_OPEN", message);
        } catch (TransientFailure e) {
            if (!mayHaveReached.get()) {
                return failed(settings.kind().codePrefix() + "UNREACHABLE", e.getMessage());
            }
            return resolveUncertain(request, e.getMessage());
        }
    }

    private ProviderOutcome postOnce(ProviderRequest request, java.util.concurrent.atomic.AtomicBoolean mayHaveReached) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", request.orderId());
        body.put("playerId", request.playerId());
        if (request.gameName() != null) {
            body.put("gameName", request.gameName());
        }
        body.put("amount", request.amount());
        body.put("currency", request.currency());
        Request.Builder post = authorized(new Request.Builder().url(settings.baseUrl() + "/" + settings.kind().resource()))
                .header("Idempotency-Key", request.idempotencyKey())
                .post(RequestBody.create(writeJson(body), JSON));
        try (Response response = send(post, () -> mayHaveReached.set(true))) {
            mayHaveReached.set(true);
            String text = response.body() == null ? "" : response.body().string();
            return classify(response.code(), text, true);
        } catch (ConnectException | UnknownHostException e) {
            throw new TransientFailure(settings.kind().label() + " unreachable: " + e.getMessage());
        } catch (InterruptedIOException e) {
            mayHaveReached.set(true);
            throw new TransientFailure(settings.kind().label() + " timed out after " + settings.callTimeout().toMillis() + " ms");
        } catch (IOException e) {
            mayHaveReached.set(true);
            throw new TransientFailure(settings.kind().label() + " call failed: " + e.getMessage());
        }
    }

    /** Maps an HTTP answer to an outcome; throws {@link TransientFailure} when it settles nothing. */
    private ProviderOutcome classify(int status, String text, boolean fromExecute) {
        Map<String, Object> parsed = parseObject(text);
        Map<String, Object> result = new LinkedHashMap<>(parsed == null ? Map.of() : parsed);
        result.put("httpStatus", status);
        Object success = parsed == null ? null : parsed.get("success");
        if (Boolean.TRUE.equals(success) && status / 100 == 2) {
            return new ProviderOutcome.Succeeded(stringOrNull(parsed.get("transactionId")), result);
        }
        if (Boolean.FALSE.equals(success)) {
            String code = stringOrNull(parsed.get("errorCode"));
            String error = stringOrNull(parsed.get("error"));
            return new ProviderOutcome.Refused(code == null ? settings.kind().codePrefix() + "REFUSED" : code,
                    settings.kind().label() + " refused: " + (error == null ? "no reason given" : error), result);
        }
        String snippet = text.length() > ERROR_TEXT_LENGTH_MAX ? text.substring(0, ERROR_TEXT_LENGTH_MAX) : text;
        throw new TransientFailure(settings.kind().label() + (fromExecute ? "" : " lookup") + " answered HTTP " + status
                + (snippet.isBlank() ? "" : ": " + snippet));
    }

    private ProviderOutcome resolveUncertain(ProviderRequest request, String error) {
        ProviderLookup lookup = lookup(request.idempotencyKey());
        if (lookup instanceof ProviderLookup.Found found) {
            return found.outcome();
        }
        if (lookup instanceof ProviderLookup.NotFound) {
            String code = settings.kind().codePrefix() + (error.contains("timed out") ? "TIMEOUT" : "ERROR");
            return failed(code, error);
        }
        log.warn("{} outcome of key {} is unknown: {}", settings.kind().label(), request.idempotencyKey(), error);
        return new ProviderOutcome.Unknown(error, Map.of("error", error, "outcome", "UNKNOWN"));
    }

    @Override
    public ProviderLookup lookup(String idempotencyKey) {
        String url = settings.baseUrl() + "/" + settings.kind().resource() + "/"
                + URLEncoder.encode(idempotencyKey, StandardCharsets.UTF_8);
        try (Response response = send(authorized(new Request.Builder().url(url)).get(), () -> { })) {
            if (response.code() == 404) {
                return new ProviderLookup.NotFound();
            }
            String text = response.body() == null ? "" : response.body().string();
            return new ProviderLookup.Found(classify(response.code(), text, false));
        } catch (TransientFailure e) {
            return new ProviderLookup.Unreachable(e.getMessage());
        } catch (IOException e) {
            return new ProviderLookup.Unreachable(settings.kind().label() + " lookup failed: " + e.getMessage());
        }
    }

    /**
     * Executes a request, sending it again (same Idempotency-Key, so the provider executes it at
     * most once) when it failed on a pooled connection that had been used before and no answer
     * had started to arrive: the provider closed that connection between two requests (an idle
     * keep-alive timeout, or an HTTP/1.0 server). Such a failure says nothing about the provider,
     * so it neither counts towards the circuit breaker nor uses up one of the bounded attempts.
     * {@code beforeResend} runs before each resend: the first send may have reached the provider.
     */
    private Response send(Request.Builder builder, Runnable beforeResend) throws IOException {
        if (closesConnections) {
            builder.header("Connection", "close");
        }
        for (int resend = 0; ; resend++) {
            ConnectionUse use = new ConnectionUse();
            Request request = builder.tag(ConnectionUse.class, use).build();
            try {
                Response response = http.newCall(request).execute();
                noteConnectionHandling(response);
                return response;
            } catch (InterruptedIOException | ConnectException | UnknownHostException e) {
                throw e;
            } catch (IOException e) {
                if (!use.reusedWithoutAnswer() || resend >= STALE_CONNECTION_RESENDS_MAX) {
                    throw e;
                }
                log.debug("{} closed a pooled connection before answering ({}); sending {} again", settings.kind().label(),
                        e.getMessage(), request.method());
                http.connectionPool().evictAll();
                beforeResend.run();
            }
        }
    }

    /**
     * An HTTP/1.0 answer without {@code Connection: keep-alive} means the provider closes the
     * connection after it. OkHttp pools it all the same, so later requests ask for a connection of
     * their own ({@code Connection: close}) rather than fail on a closed one.
     */
    private void noteConnectionHandling(Response response) {
        if (response.protocol() == Protocol.HTTP_1_0 && !"keep-alive".equalsIgnoreCase(response.header("Connection"))
                && !closesConnections) {
            closesConnections = true;
            log.info("{} answers HTTP/1.0 and closes its connections: each call opens its own", settings.kind().label());
        }
    }

    @Override
    public ProviderStatus status() {
        return new ProviderStatus(settings.kind(), true, false, settings.baseUrl(), breaker.getState().name());
    }

    @Override
    public ProviderHealth health() {
        float rate = breaker.getMetrics().getFailureRate();
        return new ProviderHealth(stateSince, rate < 0 ? null : (double) rate, lastError);
    }

    @Override
    public void onBreakerTransition(Runnable listener) {
        transitionListeners.add(listener);
    }

    @Override
    public java.time.Instant halfOpenAt() {
        java.time.Instant opened = openedAt;
        return breaker.getState() == CircuitBreaker.State.OPEN && opened != null
                ? opened.plus(settings.breakerOpenDuration()) : null;
    }

    private Request.Builder authorized(Request.Builder builder) {
        if (settings.token() != null && !settings.token().isBlank()) {
            builder.header("Authorization", "Bearer " + settings.token());
        }
        return builder;
    }

    private ProviderOutcome failed(String code, String message) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("errorCode", code);
        result.put("error", message);
        return new ProviderOutcome.Failed(code, message, result);
    }

    private Map<String, Object> parseObject(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise provider request", e);
        }
    }

    private static String stringOrNull(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** What one call did with its connection, learned from OkHttp's events. */
    static final class ConnectionUse extends EventListener {
        static final EventListener.Factory FACTORY = call -> {
            ConnectionUse use = call.request().tag(ConnectionUse.class);
            return use == null ? EventListener.NONE : use;
        };
        private volatile boolean connected;
        private volatile boolean answered;

        @Override
        public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
            connected = true;
        }

        @Override
        public void responseHeadersStart(Call call) {
            answered = true;
        }

        /** The call ran on a pooled connection used before, and no answer had arrived when it failed. */
        boolean reusedWithoutAnswer() {
            return !connected && !answered;
        }
    }

    /** A call that settled nothing: retried within bounds and counted by the circuit breaker. */
    static final class TransientFailure extends RuntimeException {
        TransientFailure(String message) {
            super(message, null, false, false);
        }
    }
}
