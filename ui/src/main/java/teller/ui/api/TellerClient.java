package teller.ui.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The desktop's client of the server-core HTTP API (API.md): blocking calls, meant to run on a
 * background thread, never on the FX thread. Every error becomes a {@link TellerClientException}:
 * {@link ApiException} when the server answered, {@link ServerUnreachableException} when it did not.
 * An instance is bound to one server and, after {@link #login}, to one session token.
 */
public final class TellerClient {
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** An approve waits on the server for a provider (APPROVE_WAIT_MS, 5 s by default) before a 202. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);
    private static final int ERROR_TEXT_LENGTH_MAX = 200;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A newer server may add fields and enum values; the console keeps working with what it knows.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .build();

    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final String token;

    private TellerClient(OkHttpClient http, HttpUrl baseUrl, String token) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /**
     * An OkHttp client with the console's timeouts that verifies servers against the platform's trust
     * store (and their host names); share one per process.
     */
    public static OkHttpClient defaultHttpClient() {
        return httpClient(ServerTrust.platform());
    }

    /** Like {@link #defaultHttpClient()}, trusting what {@code trust} trusts (e.g. a team's own CA). */
    public static OkHttpClient httpClient(ServerTrust trust) {
        return new OkHttpClient.Builder()
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(READ_TIMEOUT)
                .callTimeout(CALL_TIMEOUT)
                .sslSocketFactory(trust.socketFactory(), trust.trustManager())
                .build();
    }

    /**
     * Parses a server address typed by an operator ({@code http://host:8080}, trailing slash allowed).
     *
     * @throws IllegalArgumentException when it is not an http(s) URL
     */
    public static HttpUrl parseBaseUrl(String text) {
        HttpUrl url = text == null ? null : HttpUrl.parse(text.trim());
        if (url == null) {
            throw new IllegalArgumentException("enter the server address as http://host:port or https://host");
        }
        // Keep a path prefix (a server behind https://host/teller/) and make API paths resolve below it.
        String path = url.encodedPath().endsWith("/") ? url.encodedPath() : url.encodedPath() + "/";
        return url.newBuilder().encodedPath(path).query(null).fragment(null).build();
    }

    /** Signs in; the returned client carries the session token. */
    public static SignedIn login(OkHttpClient http, String baseUrl, String username, String password) {
        HttpUrl base = parseBaseUrl(baseUrl);
        TellerClient anonymous = new TellerClient(http, base, null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        LoginResult result = anonymous.call(anonymous.request("api/v1/auth/login").post(json(body)).build(),
                LoginResult.class).body();
        return new SignedIn(new TellerClient(http, base, result.token()), result);
    }

    /** A client for a session whose token is already known (e.g. issued by another sign-in). */
    public static TellerClient withToken(OkHttpClient http, String baseUrl, String token) {
        return new TellerClient(http, parseBaseUrl(baseUrl), token);
    }

    /** A signed-in client and what the server said about the session. */
    public record SignedIn(TellerClient client, LoginResult login) {
    }

    /** The server this client talks to, e.g. {@code http://127.0.0.1:8080}. */
    public String baseUrl() {
        String text = baseUrl.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    public OperatorInfo me() {
        return call(request("api/v1/me").get().build(), OperatorInfo.class).body();
    }

    public void logout() {
        call(request("api/v1/auth/logout").post(RequestBody.create(new byte[0], null)).build(), JsonNode.class);
    }

    public OrderPage listOrders(OrderQuery query) {
        HttpUrl.Builder url = Objects.requireNonNull(baseUrl.resolve("api/v1/orders")).newBuilder()
                .addQueryParameter("limit", String.valueOf(query.limit()));
        if (query.status() != null) {
            url.addQueryParameter("status", query.status().name());
        }
        if (query.type() != null) {
            url.addQueryParameter("type", query.type().name());
        }
        if (query.playerId() != null) {
            url.addQueryParameter("playerId", query.playerId());
        }
        query.filters().forEach((name, value) -> {
            if (value != null) {
                url.addQueryParameter(name, value);
            }
        });
        if (query.cursor() != null) {
            url.addQueryParameter("cursor", query.cursor());
        }
        return call(authorized(new Request.Builder().url(url.build())).get().build(), OrderPage.class).body();
    }

    /** What approving the order now would do, for this operator; changes nothing. */
    public Preview preview(String orderId) {
        return call(request("api/v1/orders/" + segment(orderId) + "/preview").get().build(), Preview.class).body();
    }

    /** Claims the order for a while (or extends one's claim); 409 ORDER_CLAIMED while another holds it. */
    public Claim claim(String orderId) {
        return call(request("api/v1/orders/" + segment(orderId) + "/claim").post(json(Map.of())).build(), Claim.class)
                .body();
    }

    /**
     * Takes over another operator's live claim on the order ({@code {"takeOver": true}}; SUPERVISOR or
     * ADMIN, audited); 403 for anyone else.
     */
    public Claim takeOverClaim(String orderId) {
        return call(request("api/v1/orders/" + segment(orderId) + "/claim").post(json(Map.of("takeOver", true))).build(),
                Claim.class).body();
    }

    /** Releases one's claim on the order. */
    public void releaseClaim(String orderId) {
        call(request("api/v1/orders/" + segment(orderId) + "/claim").delete().build(), JsonNode.class);
    }

    /** The order's payment proof image with the hash recorded at intake (404 NO_PROOF, 410 PROOF_EXPIRED). */
    public ProofImage proof(String orderId) {
        Request request = authorized(new Request.Builder().url(Objects.requireNonNull(
                baseUrl.resolve("api/v1/orders/" + segment(orderId) + "/proof")))).header("Accept", "image/*, application/json")
                .get().build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            byte[] bytes = body == null ? new byte[0] : body.bytes();
            if (!response.isSuccessful()) {
                throw error(response.code(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            }
            return new ProofImage(bytes, response.header("Content-Type"), response.header("X-Proof-Sha256"));
        } catch (IOException e) {
            throw new ServerUnreachableException(baseUrl(), e);
        }
    }

    public OrderView order(String orderId) {
        return call(request("api/v1/orders/" + segment(orderId)).get().build(), OrderView.class).body();
    }

    public PlayerView player(String playerId) {
        return call(request("api/v1/players/" + segment(playerId)).get().build(), PlayerView.class).body();
    }

    /**
     * Approves an order. Send the same {@code idempotencyKey} again only to repeat the same
     * operator action (e.g. after {@link ServerUnreachableException}); the server then replays its answer.
     */
    public Decision approve(String orderId, String note, String idempotencyKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (note != null && !note.isBlank()) {
            body.put("note", note);
        }
        return decide(orderId, "approve", body, idempotencyKey);
    }

    /** Rejects a pending order; the server requires a non-blank reason. */
    public Decision reject(String orderId, String reason, String idempotencyKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason);
        return decide(orderId, "reject", body, idempotencyKey);
    }

    private Decision decide(String orderId, String action, Map<String, Object> body, String idempotencyKey) {
        Request.Builder request = request("api/v1/orders/" + segment(orderId) + "/" + action).post(json(body));
        if (idempotencyKey != null) {
            request.header(IDEMPOTENCY_HEADER, idempotencyKey);
        }
        Reply<OrderView> reply = call(request.build(), OrderView.class);
        return new Decision(reply.body(), reply.status() == 202);
    }

    /**
     * {@code GET} of an API path (relative, e.g. {@code "api/v1/fraud/flags"}) with query
     * parameters (null values are left out), read as {@code type}. For a feature's typed client
     * class in this package; screens do not build paths themselves.
     */
    public <T> T get(String path, Map<String, String> query, Class<T> type) {
        return call(authorized(new Request.Builder().url(url(path, query))).get().build(), type).body();
    }

    /** Like {@link #get(String, Map, Class)} for generic types, e.g. a page of rows. */
    public <T> T get(String path, Map<String, String> query, TypeReference<T> type) {
        return convert(get(path, query, JsonNode.class), type);
    }

    /** {@code POST} of a JSON body (null for none) to an API path, the answer read as {@code type}. */
    public <T> T post(String path, Object body, Class<T> type) {
        return send("POST", path, body, type);
    }

    /** {@code PUT} of a JSON body to an API path, the answer read as {@code type}. */
    public <T> T put(String path, Object body, Class<T> type) {
        return send("PUT", path, body, type);
    }

    /** {@code PATCH} of a JSON body to an API path, the answer read as {@code type}. */
    public <T> T patch(String path, Object body, Class<T> type) {
        return send("PATCH", path, body, type);
    }

    /**
     * A streaming {@code GET} of an API path that answers with a file (an export), for
     * {@link Download#saveTo}: nothing is sent until then, and the body is never held in memory.
     */
    public Download download(String path, Map<String, String> query) {
        Request request = authorized(new Request.Builder().url(url(path, query))).header("Accept", "*/*").get().build();
        // A big export may stream for longer than any JSON call may take: no whole-call limit; the
        // read timeout still ends a download that stalls.
        return new Download(http.newBuilder().callTimeout(Duration.ZERO).build().newCall(request), baseUrl());
    }

    /** Encodes one path segment (an id typed or received) for use in {@code path} arguments. */
    public static String pathSegment(String id) {
        return segment(id);
    }

    private <T> T send(String method, String path, Object body, Class<T> type) {
        RequestBody content = body == null ? RequestBody.create(new byte[0], JSON_TYPE) : json(body);
        return call(request(path).method(method, content).build(), type).body();
    }

    private HttpUrl url(String path, Map<String, String> query) {
        HttpUrl.Builder url = Objects.requireNonNull(baseUrl.resolve(path), path).newBuilder();
        if (query != null) {
            query.forEach((name, value) -> {
                if (value != null) {
                    url.addQueryParameter(name, value);
                }
            });
        }
        return url.build();
    }

    private static <T> T convert(JsonNode node, TypeReference<T> type) {
        try {
            return node == null ? null : JSON.convertValue(node, type);
        } catch (IllegalArgumentException e) {
            throw new ApiException(0, "UNREADABLE_RESPONSE", "the server's answer could not be read: " + e.getMessage(), Map.of());
        }
    }

    private record Reply<T>(int status, T body) {
    }

    /** For {@link EventStream}: a GET of {@code path} on this server with this session's token. */
    Request.Builder authorizedRequest(String path) {
        return request(path);
    }

    /** For {@link EventStream}: the shared HTTP client (streams derive one without a read deadline). */
    OkHttpClient httpClient() {
        return http;
    }

    private Request.Builder request(String path) {
        return authorized(new Request.Builder().url(Objects.requireNonNull(baseUrl.resolve(path))));
    }

    private Request.Builder authorized(Request.Builder builder) {
        builder.header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private <T> Reply<T> call(Request request, Class<T> type) {
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            if (!response.isSuccessful()) {
                ApiException error = error(response.code(), text);
                String retryAfter = response.header("Retry-After");
                throw retryAfter == null ? error : withRetryAfter(error, retryAfter);
            }
            if (text.isBlank()) {
                return new Reply<>(response.code(), null);
            }
            return new Reply<>(response.code(), JSON.readValue(text, type));
        } catch (JsonProcessingException e) {
            throw new ApiException(0, "UNREADABLE_RESPONSE",
                    "the server's answer to " + request.method() + " " + request.url().encodedPath()
                            + " could not be read: " + e.getOriginalMessage(), Map.of());
        } catch (IOException e) {
            throw new ServerUnreachableException(baseUrl(), e);
        }
    }

    private static ApiException withRetryAfter(ApiException error, String retryAfter) {
        long seconds;
        try {
            seconds = Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException httpDate) {
            // The HTTP-date form is legal but server-core never sends it: treated as "not said".
            return error;
        }
        return new ApiException(error.status(), error.code(), error.getMessage(), error.details(), seconds);
    }

    static ApiException error(int status, String text) {
        try {
            JsonNode error = JSON.readTree(text).path("error");
            if (error.hasNonNull("code")) {
                Map<String, Object> details = error.hasNonNull("details")
                        ? JSON.convertValue(error.get("details"), new TypeReference<Map<String, Object>>() { })
                        : Map.of();
                return new ApiException(status, error.get("code").asText(), error.path("message").asText(""), details);
            }
        } catch (JsonProcessingException | IllegalArgumentException notJson) {
            // Not the API's error shape (e.g. a proxy's HTML page): described by status below.
        }
        String snippet = text == null ? "" : text.strip();
        if (snippet.length() > ERROR_TEXT_LENGTH_MAX) {
            snippet = snippet.substring(0, ERROR_TEXT_LENGTH_MAX) + "...";
        }
        return new ApiException(status, "HTTP_" + status,
                snippet.isEmpty() ? "the server answered HTTP " + status : snippet, Map.of());
    }

    private static RequestBody json(Object body) {
        try {
            return RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    private static String segment(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an id is required");
        }
        return HttpUrl.parse("http://x/").newBuilder().addPathSegment(id).build().encodedPath().substring(1);
    }
}
