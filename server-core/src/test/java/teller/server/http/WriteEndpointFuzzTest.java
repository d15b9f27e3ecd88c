package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import teller.server.ServerCore;
import teller.server.config.RateLimitSettings;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * Every write endpoint of the route table (POST, PUT, PATCH, DELETE; taken from the table, so a new
 * endpoint is fuzzed without touching this test) gets malformed JSON, JSON that is not an object,
 * objects with a wrongly typed, oversized or overflowing field, well-typed bodies that break a rule
 * (negative amounts, unknown enum values, missing required fields, NUL characters), bodies beyond
 * the server's size limit, and path ids that exist and that do not — all with a valid ADMIN session.
 * The server must never answer 5xx and never change a business row: every table except the audit
 * log and the sessions is fingerprinted before and after each request, and the audit log may only
 * gain refusals (DENIED / FAILURE).
 */
class WriteEndpointFuzzTest {
    private static final Set<HandlerType> WRITES = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
            HandlerType.DELETE);
    /**
     * Takes no body and ends the very session this test fuzzes with; it has nothing to parse, and
     * what it does to the caller's session is covered by the session tests.
     */
    private static final Set<String> NOT_FUZZED = Set.of("POST /api/v1/auth/logout");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final String MISSING_ID = "987654321";

    static ServerCore server;
    static ApiClient admin;
    static List<ApiRoute> writes;
    /** Request schema name to its property name to its OpenAPI type, from the server's own document. */
    static Map<String, Map<String, String>> schemas;
    /** For each path parameter, keyed by the route's resource (orders, players, ...), a value that exists. */
    static Map<String, String> existing;
    static DatabaseFingerprint data;
    /** The data as the previous try left it; each try compares against it (one query per try). */
    static String lastFingerprint;

    @BeforeContainer
    static void start() {
        // Rate limits would turn thousands of quick requests into 429s and hide what the handlers do.
        // A webhook secret is set so the payment webhook checks its (missing) signatures: without
        // one it answers 503 by design (decision 0036), which says nothing about malformed input.
        server = TestServer.start(b -> b.rateLimits(new RateLimitSettings(0, 1, 0, 1))
                .paymentWebhooks(teller.server.payments.PaymentWebhookSettings.unconfigured()
                        .withDefaultSecret("fuzz-webhook-secret-0123456789")));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        writes = server.http().routes().stream()
                .filter(r -> WRITES.contains(r.method()) && !NOT_FUZZED.contains(key(r)))
                .toList();
        schemas = requestSchemas(admin.get("/api/v1/openapi.json").body());
        existing = seed();
        data = new DatabaseFingerprint(server.database().dataSource());
    }

    @AfterContainer
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Example
    void theRouteTableHasTheWriteEndpointsThisTestIsAbout() {
        assertThat(writes).extracting(WriteEndpointFuzzTest::key)
                .contains("POST /api/v1/orders", "POST /api/v1/orders/{id}/approve", "PUT /api/v1/players/{id}/limits",
                        "PATCH /api/v1/operators/{id}", "POST /api/v1/auth/login");
        assertThat(data.tables()).contains("orders", "ledger_transactions", "ledger_entries", "players", "operators",
                "api_tokens", "idempotency_records", "accounts", "account_balances", "outbox_events");
    }

    /** About 20 s on two busy cores; the fixed lists above carry the edge cases, so jqwik's are off (they favour the first route). */
    @Property(tries = 1500, afterFailure = net.jqwik.api.AfterFailureMode.SAMPLE_FIRST, edgeCases = EdgeCasesMode.NONE)
    void malformedWritesAreRefusedWithoutAServerErrorOrAChangedRow(@ForAll("requests") FuzzRequest request) {
        if (lastFingerprint == null) {
            lastFingerprint = data.take();
        }
        String before = lastFingerprint;
        Reply reply = admin.send(request.method(), request.path(), request.body(), Map.of());
        Statistics.label("route").collect(request.route());
        Statistics.label("status").collect(reply.status());
        assertThat(reply.status()).as("%s %s\n%s\n-> %s", request.method(), request.path(), abbreviate(request.body()),
                reply.text()).isBetween(400, 499);
        String after = data.take();
        lastFingerprint = after;
        assertThat(after).as("rows changed (or a success audited) by %s %s\n%s\n-> %s", request.method(), request.path(),
                abbreviate(request.body()), reply.text()).isEqualTo(before);
    }

    @Example
    void bodiesBeyondTheSizeLimitAreRefusedWithoutAServerErrorOrAWrite() {
        String before = data.take();
        // One byte beyond ApiServer.REQUEST_SIZE_MAX_BYTES, inside a JSON string so only the size is wrong.
        StringBuilder big = new StringBuilder((int) ApiServer.REQUEST_SIZE_MAX_BYTES + 32).append("{\"note\":\"");
        while (big.length() < ApiServer.REQUEST_SIZE_MAX_BYTES + 1) {
            big.append("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        }
        String body = big.append("\"}").toString();
        // A client of its own (its own connection pool): the server closes connections on oversized uploads, and a
        // pooled connection it closed made the property's next request fail with no answer at all.
        ApiClient uploader = new ApiClient(server.baseUrl(), admin.token());
        for (ApiRoute route : writes) {
            boolean takesBody = route.requestSchema() != null;
            String path = fill(route, takesBody);
            Reply reply;
            try {
                reply = uploader.send(route.method().name(), path, body, Map.of());
            } catch (UncheckedIOException closed) {
                // The server may close the connection while the client still uploads: no answer is no 5xx.
                continue;
            }
            if (takesBody) {
                assertThat(reply.status()).as("%s %s -> %s", route.method(), path, reply.text()).isEqualTo(413);
            } else {
                // A route without a body never reads it, so the size does not matter to it.
                assertThat(reply.status()).as("%s %s -> %s", route.method(), path, reply.text()).isBetween(400, 499);
            }
        }
        assertThat(data.take()).isEqualTo(before);
    }

    /** Found by this test: PostgreSQL cannot store U+0000, and the failed statement used to end as a 500. */
    @Example
    void aNulCharacterInATextFieldIsBadInputNamingTheFieldNotAServerError() {
        String before = data.take();
        Reply login = admin.send("POST", "/api/v1/auth/login", "{\"username\":\"ad\\u0000min\",\"password\":\"x\"}", Map.of());
        assertThat(login.status()).as(login.text()).isEqualTo(400);
        assertThat(login.at("/error/details/field")).isEqualTo("username");
        Reply player = admin.send("POST", "/api/v1/players",
                "{\"username\":\"fz-nul\",\"currency\":\"USD\",\"id\":\"fz\\u0000\"}", Map.of());
        assertThat(player.status()).as(player.text()).isEqualTo(400);
        assertThat(player.at("/error/details/field")).isEqualTo("id");
        Reply reject = admin.send("POST", "/api/v1/orders/" + existing.get("orders") + "/reject",
                "{\"reason\":[\"\\u0000\"]}", Map.of());
        assertThat(reject.status()).as(reject.text()).isEqualTo(400);
        assertThat(data.take()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ requests

    record FuzzRequest(String route, String method, String path, String body) {
        @Override
        public String toString() {
            return method + " " + path + " " + abbreviate(body);
        }
    }

    @Provide
    Arbitrary<FuzzRequest> requests() {
        return Arbitraries.of(writes).flatMap(route -> {
            boolean takesBody = route.requestSchema() != null;
            // A route without a body acts on its path alone: with an existing id the request would be
            // a valid one, so it only ever gets ids that do not exist or are not ids at all.
            Arbitrary<String> path = takesBody
                    ? Arbitraries.oneOf(Arbitraries.just(fill(route, true)), pathWithJunk(route))
                    : pathWithJunk(route);
            Arbitrary<String> body = takesBody ? invalidBody(route.requestSchema()) : anyBody();
            return Combinators.combine(path, body).as((p, b) -> new FuzzRequest(key(route), route.method().name(), p, b));
        });
    }

    private static Arbitrary<String> pathWithJunk(ApiRoute route) {
        Arbitrary<String> junk = Arbitraries.oneOf(
                Arbitraries.of(MISSING_ID, "0", "-1", "99999999999999999999999", "1e3", "null", "%00", " ", "..",
                        "'; DROP TABLE orders; --", "\u202e\u0000\u0007", "\uD83D\uDE00", "USD\u0000", "usd", "XXXX"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
                Arbitraries.longs().map(String::valueOf))
                // Junk may hit a real id by chance ("1"); that is a valid request, not junk.
                .filter(value -> !existing.containsValue(value));
        return junk.map(value -> {
            Matcher m = PARAMETER.matcher(route.path());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(segment(value)));
            }
            m.appendTail(out);
            return out.toString();
        });
    }

    /** A body that is invalid for the schema whatever the route's state: the request must be refused. */
    private static Arbitrary<String> invalidBody(String schema) {
        Map<String, String> properties = schemas.getOrDefault(schema, Map.of());
        List<Arbitrary<String>> kinds = new ArrayList<>();
        kinds.add(malformedJson());
        kinds.add(notAnObject());
        kinds.add(wronglyTypedField(properties));
        List<String> ruleBreakers = RULE_BREAKERS.getOrDefault(schema, List.of());
        if (!ruleBreakers.isEmpty()) {
            kinds.add(Arbitraries.of(ruleBreakers));
            kinds.add(nulCharacterIn(properties));
        }
        return Arbitraries.oneOf(kinds);
    }

    private static Arbitrary<String> anyBody() {
        return Arbitraries.oneOf(malformedJson(), notAnObject(), Arbitraries.just("{}"), Arbitraries.just(""));
    }

    private static Arbitrary<String> malformedJson() {
        Arbitrary<String> truncated = Arbitraries.of(
                        "{\"type\":\"DEPOSIT\",\"playerId\":\"p1\",\"amount\":100,\"currency\":\"USD\"}",
                        "{\"note\":\"hello\"}", "{\"reason\":\"fraud\"}", "{\"roles\":[\"ADMIN\"],\"active\":true}",
                        "{\"a\":[1,2,{\"b\":null}]}")
                .flatMap(text -> Arbitraries.integers().between(1, text.length() - 1).map(cut -> text.substring(0, cut)));
        Arbitrary<String> broken = Arbitraries.of("{", "}", "{{}}", "{\"a\" 1}", "{'note':'x'}", "{\"note\":\"x\",}",
                "{\"note\":\"x\"}}", "{\"note\":\"x\"} trailing", "{\"amount\":01}", "{\"amount\":NaN}",
                "{\"amount\":Infinity}", "{\"note\":\"\u0001\"}", "{\"note\":\"\\uZZZZ\"}", "\u0000", "\uFEFF{}x",
                "{\"note\":\"unterminated}", "[", "nul", "tru", "{\"a\":}", "<xml/>", "{\"a\":1}/*c*/x");
        Arbitrary<String> garbage = Arbitraries.strings().ofMinLength(1).ofMaxLength(60)
                .filter(text -> !text.isBlank() && !FuzzJson.parsesAsObject(text));
        return Arbitraries.oneOf(truncated, broken, garbage);
    }

    private static Arbitrary<String> notAnObject() {
        return Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-1", "1e400", "123456789012345678901234567890", "[]",
                        "[{}]", "[null]", "\"\"", "\"\\u0000\"", "[[[[[[[[[[]]]]]]]]]]", "-0.0"),
                Arbitraries.strings().ofMaxLength(30).map(FuzzJson::toJson),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(10).list().ofMaxSize(5).map(FuzzJson::toJson));
    }

    /**
     * An object where one declared field has a type that cannot be read as the declared one (nested
     * arrays fit no string, number, boolean, list of strings or object), next to other declared and
     * undeclared fields with extreme values: huge and negative numbers, nulls, unicode and control text.
     */
    private static Arbitrary<String> wronglyTypedField(Map<String, String> properties) {
        List<String> names = properties.isEmpty() ? List.of("DAILY_DEPOSIT_LIMIT", "anything") : List.copyOf(properties.keySet());
        Arbitrary<String> wrong = Arbitraries.oneOf(
                Arbitraries.of("[[1]]", "[[\"x\"]]", "[[null]]", "[[{}]]", "[[[\"\\u0000\"]]]"),
                Arbitraries.strings().ofMaxLength(20).map(s -> "[[" + FuzzJson.toJson(s) + "]]"));
        Arbitrary<String> extreme = Arbitraries.oneOf(
                Arbitraries.of("null", "-1", "0", "-9223372036854775808", "9223372036854775807", "\"\"", "\"   \"",
                        "\"\\u202e\\u0007\\t\"", "\"DEPOSIT\"", "\"USD\"", "[\"ADMIN\"]", "true"),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(30).map(FuzzJson::toJson));
        Arbitrary<Map<String, String>> others = Arbitraries.maps(
                Arbitraries.oneOf(Arbitraries.of(names), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)),
                extreme).ofMaxSize(6);
        return Combinators.combine(Arbitraries.of(names), wrong, others).as((name, value, rest) -> {
            Map<String, String> fields = new LinkedHashMap<>(rest);
            fields.remove(name);
            fields.put(name, value);
            return FuzzJson.object(fields);
        });
    }

    /** A rule breaker whose first text field carries a NUL character, which PostgreSQL cannot store. */
    private static Arbitrary<String> nulCharacterIn(Map<String, String> properties) {
        List<String> text = properties.entrySet().stream().filter(e -> e.getValue().equals("string"))
                .map(Map.Entry::getKey).toList();
        if (text.isEmpty()) {
            return Arbitraries.just("{\"x\":\"\\u0000\"}");
        }
        return Combinators.combine(Arbitraries.of(text), Arbitraries.strings().ofMaxLength(10)).as((name, s) -> {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String property : text) {
                fields.put(property, FuzzJson.toJson("ok"));
            }
            fields.put(name, FuzzJson.toJson(s + "\u0000" + s));
            return FuzzJson.object(fields);
        });
    }

    /**
     * Well-typed bodies that break a documented rule, per request schema: a schema without an entry
     * still gets every other kind of body.
     */
    private static final Map<String, List<String>> RULE_BREAKERS = Map.ofEntries(
            Map.entry("Login", List.of("{\"username\":\"admin\"}", "{\"password\":\"x\"}", "{}", "{\"username\":null,\"password\":null}")),
            Map.entry("NewOperator", List.of("{\"username\":\"fz-new\",\"roles\":[\"ADMIN\"]}",
                    "{\"username\":\"fz-new\",\"password\":\"long-enough-password\",\"roles\":[\"GOD\"]}",
                    "{\"username\":\"\",\"password\":\"long-enough-password\",\"roles\":[\"VIEWER\"]}",
                    "{\"password\":\"long-enough-password\",\"roles\":[\"VIEWER\"]}")),
            Map.entry("OperatorChange", List.of("{\"roles\":[\"NOPE\"]}", "{\"roles\":[null]}")),
            Map.entry("NewApiToken", List.of("{\"name\":\"fz\",\"scopes\":[\"nope:scope\"]}", "{\"scopes\":[\"orders:read\"]}",
                    "{\"name\":\"\",\"scopes\":[\"orders:read\"]}")),
            Map.entry("DualApprovalChange", List.of("{\"amountMin\":-1}", "{\"amountMin\":-9223372036854775808}")),
            Map.entry("ApprovalCapChange", List.of("{\"amountMax\":-1}", "{\"amountMax\":-9223372036854775808}")),
            Map.entry("NewPlayer", List.of("{\"username\":\"fz-p\"}", "{\"username\":\"fz-p\",\"currency\":\"usd1\"}",
                    "{\"username\":\"\",\"currency\":\"USD\"}", "{\"currency\":\"USD\"}",
                    "{\"username\":\"" + "u".repeat(65) + "\",\"currency\":\"USD\"}")),
            Map.entry("KycChange", List.of("{\"status\":\"MAYBE\"}", "{}", "{\"status\":null}")),
            Map.entry("ExclusionChange", List.of("{\"type\":\"FOREVER\"}", "{\"type\":\"TEMPORARY\",\"until\":\"tomorrow\"}", "{}")),
            Map.entry("NewOrder", List.of(
                    "{\"type\":\"DEPOSIT\",\"playerId\":\"fz-1\",\"amount\":-5,\"currency\":\"USD\",\"source\":{\"channel\":\"API\"}}",
                    "{\"type\":\"DEPOSIT\",\"playerId\":\"fz-1\",\"amount\":0,\"currency\":\"USD\",\"source\":{\"channel\":\"API\"}}",
                    "{\"type\":\"DEPOSIT\",\"playerId\":\"fz-1\",\"amount\":-9223372036854775808,\"currency\":\"USD\"}",
                    "{\"type\":\"DEPOSIT\",\"playerId\":\"fz-1\",\"currency\":\"USD\"}",
                    "{\"type\":\"DEPOSIT\",\"amount\":100,\"currency\":\"USD\"}",
                    "{\"type\":\"BOGUS\",\"playerId\":\"fz-1\",\"amount\":100,\"currency\":\"USD\"}",
                    "{\"type\":\"DEPOSIT\",\"playerId\":\"fz-1\",\"amount\":100,\"currency\":\"XXXX\"}",
                    "{\"type\":\"DEPOSIT\",\"playerId\":\"fz-1\",\"amount\":100,\"currency\":\"USD\",\"source\":{\"channel\":\"FAX\"}}",
                    "{\"type\":\"DEPOSIT\",\"playerId\":\"fz-1\",\"amount\":100,\"currency\":\"USD\",\"proofImage\":\"not base64!\"}")),
            Map.entry("Reason", List.of("{}", "{\"reason\":\"\"}", "{\"reason\":\"   \"}", "{\"reason\":null}")),
            Map.entry("LimitOverrides", List.of("{\"NO_SUCH_RULE\":5}", "{\"DAILY_DEPOSIT_LIMIT\":-5}")));

    // ------------------------------------------------------------------ the server's data

    private static Map<String, String> seed() {
        Map<String, String> ids = new TreeMap<>();
        Reply player = admin.post("/api/v1/players", Map.of("id", "fz-1", "username", "fz-one", "currency", "USD"));
        assertThat(player.status()).as(player.text()).isIn(200, 201);
        ids.put("players", "fz-1");
        Reply order = admin.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", "fz-1", "amount", 500,
                "currency", "USD", "source", Map.of("channel", "API")));
        assertThat(order.status()).as(order.text()).isEqualTo(201);
        ids.put("orders", order.at("/id"));
        Reply operator = admin.post("/api/v1/operators", Map.of("username", "fz-operator", "password",
                "fz-operator-password", "roles", List.of("VIEWER")));
        assertThat(operator.status()).as(operator.text()).isEqualTo(201);
        ids.put("operators", operator.at("/id"));
        Reply token = admin.post("/api/v1/api-tokens", Map.of("name", "fz-token", "scopes", List.of("orders:read")));
        assertThat(token.status()).as(token.text()).isEqualTo(201);
        ids.put("api-tokens", token.at("/id"));
        ids.put("currency", "USD");
        return ids;
    }

    /** The route's path with every parameter filled: existing ids, or ids that do not exist. */
    private static String fill(ApiRoute route, boolean existingIds) {
        String resource = route.path().substring("/api/v1/".length()).split("/")[0];
        Matcher m = PARAMETER.matcher(route.path());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = !existingIds ? MISSING_ID
                    : m.group(1).equals("currency") ? existing.get("currency")
                    : existing.getOrDefault(resource, MISSING_ID);
            m.appendReplacement(out, Matcher.quoteReplacement(segment(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, Map<String, String>> requestSchemas(JsonNode openApi) {
        Map<String, Map<String, String>> result = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> all = openApi.path("components").path("schemas").fields();
        while (all.hasNext()) {
            var schema = all.next();
            Map<String, String> properties = new LinkedHashMap<>();
            schema.getValue().path("properties").fields()
                    .forEachRemaining(p -> properties.put(p.getKey(), p.getValue().path("type").asText("object")));
            result.put(schema.getKey(), properties);
        }
        return result;
    }

    static String key(ApiRoute route) {
        return route.method().name() + " " + route.path();
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text == null ? "(no body)" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
