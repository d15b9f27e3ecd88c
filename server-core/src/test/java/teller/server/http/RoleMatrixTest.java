package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.auth.Role;
import teller.server.auth.Scopes;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;

/**
 * Who may call what, written down here independently of the route table (from API.md and
 * DESIGN.md's roles), then checked both ways: every route of the table must have an entry (a new
 * endpoint fails this test until someone decides its roles), the declared {@link Access} must match
 * the entry, and every allow and every deny is tried over real HTTP with a single-role operator.
 */
class RoleMatrixTest {
    private static final Set<Role> PUBLIC = Set.of();
    private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);
    private static final Set<Role> DECIDERS = EnumSet.of(Role.APPROVER, Role.SUPERVISOR, Role.ADMIN);
    private static final Set<Role> SUPERVISORS = EnumSet.of(Role.SUPERVISOR, Role.ADMIN);
    private static final Set<Role> ADMINS = EnumSet.of(Role.ADMIN);
    private static final Set<Role> INSPECTORS = EnumSet.of(Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR);
    private static final Set<Role> AUDITORS = EnumSet.of(Role.ADMIN, Role.AUDITOR);
    private static final Set<Role> REPORT_READERS = EnumSet.of(Role.VIEWER, Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR);
    private static final Set<Role> PREVIEWERS = EnumSet.of(Role.APPROVER, Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR);

    /** The specification: "METHOD path" to the roles allowed; an empty set means no sign-in needed. */
    static final Map<String, Set<Role>> MATRIX = matrix();

    private static Map<String, Set<Role>> matrix() {
        Map<String, Set<Role>> m = new LinkedHashMap<>();
        m.put("GET /health", PUBLIC);
        m.put("GET /health/ready", PUBLIC);
        m.put("GET /metrics", PUBLIC);
        m.put("POST /api/v1/auth/login", PUBLIC);
        m.put("POST /api/v1/auth/logout", EVERYONE);
        m.put("GET /api/v1/me", EVERYONE);
        m.put("GET /api/v1/openapi.json", EVERYONE);
        m.put("GET /api/v1/events/stream", EVERYONE);
        // Auditors read the operator list to resolve the operator ids in the audit trail.
        m.put("GET /api/v1/operators", AUDITORS);
        m.put("POST /api/v1/operators", ADMINS);
        m.put("PATCH /api/v1/operators/{id}", ADMINS);
        m.put("POST /api/v1/players", SUPERVISORS);
        m.put("GET /api/v1/players/{id}", EVERYONE);
        m.put("GET /api/v1/players", EVERYONE);
        m.put("GET /api/v1/orders/{id}/case", INSPECTORS);
        m.put("POST /api/v1/players/{id}/kyc", SUPERVISORS);
        // Recording a player's own request to be excluded is part of working the queue.
        m.put("POST /api/v1/players/{id}/exclusion", DECIDERS);
        m.put("PUT /api/v1/players/{id}/limits", SUPERVISORS);
        m.put("POST /api/v1/orders", DECIDERS);
        m.put("GET /api/v1/orders", EVERYONE);
        m.put("GET /api/v1/orders/{id}", EVERYONE);
        // What approving would do: for those who decide, and auditors, who read everything (decision 0060).
        m.put("GET /api/v1/orders/{id}/preview", PREVIEWERS);
        // Looking at a payment proof is reading personal data: those who decide, and auditors.
        m.put("GET /api/v1/orders/{id}/proof", PREVIEWERS);
        // Claims are part of working the queue (decision 0062).
        m.put("POST /api/v1/orders/{id}/claim", DECIDERS);
        m.put("DELETE /api/v1/orders/{id}/claim", DECIDERS);
        m.put("POST /api/v1/orders/{id}/approve", DECIDERS);
        m.put("POST /api/v1/orders/{id}/reject", DECIDERS);
        m.put("POST /api/v1/orders/{id}/retry", SUPERVISORS);
        m.put("POST /api/v1/orders/retry", SUPERVISORS);
        m.put("POST /api/v1/orders/{id}/void", SUPERVISORS);
        m.put("GET /api/v1/ledger/accounts", EVERYONE);
        m.put("GET /api/v1/ledger/accounts/{id}/entries", EVERYONE);
        m.put("GET /api/v1/ledger/transactions/{id}", EVERYONE);
        m.put("GET /api/v1/ledger/verify", INSPECTORS);
        m.put("GET /api/v1/providers", EVERYONE);
        m.put("GET /api/v1/audit", AUDITORS);
        m.put("GET /api/v1/audit/verify", AUDITORS);
        m.put("GET /api/v1/approval-policy", AUDITORS);
        m.put("PUT /api/v1/approval-policy/dual-approval/{currency}", ADMINS);
        m.put("PUT /api/v1/operators/{id}/approval-caps/{currency}", ADMINS);
        m.put("POST /api/v1/api-tokens", ADMINS);
        m.put("GET /api/v1/api-tokens", AUDITORS);
        m.put("POST /api/v1/api-tokens/{id}/revoke", ADMINS);
        // Business figures: for those who read the books, not for those working the queue.
        m.put("GET /api/v1/reports/{name}", REPORT_READERS);
        m.put("GET /api/v1/reports/{name}/export", REPORT_READERS);
        // Queue KPIs and alerts: approvers work from them, auditors read everything (decision 0046).
        m.put("GET /api/v1/dashboard", EVERYONE);
        // No session or token at all: the provider signs the body (see SIGNED below).
        m.put("POST /api/v1/webhooks/payments/{provider}", PUBLIC);
        m.put("PUT /api/v1/players/{id}/referrer", SUPERVISORS);
        m.put("GET /api/v1/players/{id}/referrals", EVERYONE);
        // Forwarding status is part of reading an order; re-sending a proof to the chat is a supervisor's call.
        m.put("GET /api/v1/proof-forwards", EVERYONE);
        m.put("POST /api/v1/proof-forwards/{id}/retry", SUPERVISORS);
        // No session: Telegram authenticates with its secret header (see SECRET_HEADER_ROUTES).
        m.put("POST /api/v1/integrations/telegram/webhook", PUBLIC);
        // Flags travel with orders, which everyone reads; resolving one is a supervisor's call.
        m.put("GET /api/v1/fraud/flags", EVERYONE);
        m.put("POST /api/v1/fraud/flags/{id}/resolve", SUPERVISORS);
        return m;
    }

    /**
     * The explicit exceptions among the public routes: they take no bearer token, but their handler
     * refuses (401) any request whose named header does not carry a valid signature of the body.
     */
    static final Map<String, String> SIGNED = Map.of(
            "POST /api/v1/webhooks/payments/{provider}", "X-Teller-Signature");

    /**
     * Public routes that authenticate by a shared secret in a header rather than a session: an
     * anonymous call without the secret must be refused (401, or 403 while no secret is configured).
     */
    static final Set<String> SECRET_HEADER_ROUTES = Set.of("POST /api/v1/integrations/telegram/webhook");

    /** Which routes an integration's API token may call, by scope; every other route refuses tokens. */
    static final Map<String, String> SCOPES = Map.of(
            "POST /api/v1/orders", Scopes.ORDERS_CREATE,
            "GET /api/v1/orders", Scopes.ORDERS_READ,
            "GET /api/v1/orders/{id}", Scopes.ORDERS_READ,
            "POST /api/v1/players", Scopes.PLAYERS_WRITE,
            "GET /api/v1/players/{id}", Scopes.PLAYERS_READ,
            "GET /api/v1/players", Scopes.PLAYERS_READ);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int BODY_READ_MAX_BYTES = 64 * 1024;

    static ServerCore server;
    static final Map<Role, String> tokens = new EnumMap<>(Role.class);
    static final Map<String, String> apiTokens = new java.util.TreeMap<>();

    @BeforeAll
    static void start() {
        // A configured webhook secret, so that the signed route answers 401 rather than 503.
        server = TestServer.start(b -> b.paymentWebhooks(teller.server.payments.PaymentWebhookSettings.unconfigured()
                .withDefaultSecret("role-matrix-webhook-secret")));
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        for (Role role : Role.values()) {
            String name = "only-" + role.name().toLowerCase(java.util.Locale.ROOT);
            var created = admin.post("/api/v1/operators",
                    Map.of("username", name, "password", name + "-password", "roles", List.of(role.name())));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            tokens.put(role, ApiClient.signedIn(server.baseUrl(), name, name + "-password").token());
        }
        for (String scope : Scopes.ALL) {
            var created = admin.post("/api/v1/api-tokens", Map.of("name", "only-" + scope.replace(':', '-'),
                    "scopes", List.of(scope)));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            apiTokens.put(scope, created.at("/token"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRouteOfTheTableHasAnEntryAndItsDeclaredAccessMatchesIt() {
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        Set<String> served = new TreeSet<>();
        for (ApiRoute route : server.http().routes()) {
            String key = key(route);
            served.add(key);
            Set<Role> expected = MATRIX.get(key);
            if (expected == null) {
                missing.add(key + " (declared " + describe(route.access()) + ")");
            } else if (expected.isEmpty() != route.access().isPublic()
                    || !expected.isEmpty() && !expected.equals(route.access().roles())) {
                wrong.add(key + ": declared " + describe(route.access()) + ", matrix says " + expected);
            }
            if (!java.util.Objects.equals(SIGNED.get(key), route.access().signatureHeader())) {
                wrong.add(key + ": authenticated by signature header " + route.access().signatureHeader()
                        + ", matrix says " + SIGNED.get(key));
            }
            Set<String> expectedScopes = SCOPES.containsKey(key) ? Set.of(SCOPES.get(key)) : Set.of();
            if (!expectedScopes.equals(route.access().scopes())) {
                wrong.add(key + ": accepts API token scopes " + route.access().scopes() + ", matrix says " + expectedScopes);
            }
        }
        assertThat(missing).as("routes without an entry in RoleMatrixTest.MATRIX: decide who may call them").isEmpty();
        assertThat(wrong).as("routes whose roles differ from the matrix").isEmpty();
        assertThat(served).as("matrix entries without a route").containsAll(MATRIX.keySet());
    }

    @Test
    void everyAllowAndEveryDenyHoldsOverRealHttp() throws Exception {
        List<String> failures = new ArrayList<>();
        int checks = 0;
        for (ApiRoute route : server.http().routes()) {
            Set<Role> allowed = MATRIX.get(key(route));
            if (allowed == null) {
                continue; // reported by the test above
            }
            if (SIGNED.containsKey(key(route))) {
                // Unsigned, nobody gets through: not anonymously, not with any session or API token.
                List<String> callers = new ArrayList<>();
                callers.add(null);
                callers.addAll(tokens.values());
                callers.addAll(apiTokens.values());
                for (String token : callers) {
                    Answer answer = call(route, token);
                    checks++;
                    if (answer.status() != 401) {
                        failures.add(key(route) + " unsigned" + (token == null ? "" : " with a bearer token")
                                + ": expected 401, got " + answer);
                    }
                }
                continue;
            }
            if (allowed.isEmpty()) {
                Answer answer = call(route, null);
                checks++;
                if (SECRET_HEADER_ROUTES.contains(key(route))) {
                    if (answer.status() != 401 && answer.status() != 403) {
                        failures.add(key(route) + " takes a secret header but let a call without it through: " + answer);
                    }
                    continue;
                }
                if (answer.status() == 401 || answer.status() == 403) {
                    failures.add(key(route) + " is public but refused an anonymous call: " + answer);
                }
                continue;
            }
            Answer anonymous = call(route, null);
            checks++;
            if (anonymous.status() != 401) {
                failures.add(key(route) + " anonymous: expected 401, got " + anonymous);
            }
            for (Role role : Role.values()) {
                String token = tokens.get(role);
                if (route.path().equals("/api/v1/auth/logout")) {
                    // Signing out ends the session: use a throwaway one so the others stay usable.
                    String name = "only-" + role.name().toLowerCase(java.util.Locale.ROOT);
                    token = ApiClient.signedIn(server.baseUrl(), name, name + "-password").token();
                }
                Answer answer = call(route, token);
                checks++;
                boolean refused = answer.status() == 403 && "FORBIDDEN".equals(answer.code());
                if (allowed.contains(role)) {
                    if (refused || answer.status() == 401 || answer.status() == 429 || answer.status() >= 500) {
                        failures.add(key(route) + " as " + role + ": expected to be let through, got " + answer);
                    }
                } else if (!refused) {
                    failures.add(key(route) + " as " + role + ": expected 403 FORBIDDEN, got " + answer);
                }
            }
            for (var scoped : apiTokens.entrySet()) {
                Answer answer = call(route, scoped.getValue());
                checks++;
                boolean refused = answer.status() == 403 && "FORBIDDEN".equals(answer.code());
                if (scoped.getKey().equals(SCOPES.get(key(route)))) {
                    if (refused || answer.status() == 401 || answer.status() == 429 || answer.status() >= 500) {
                        failures.add(key(route) + " with scope " + scoped.getKey() + ": expected to be let through, got "
                                + answer);
                    }
                } else if (!refused) {
                    failures.add(key(route) + " with scope " + scoped.getKey() + ": expected 403 FORBIDDEN, got " + answer);
                }
            }
        }
        assertThat(failures).isEmpty();
        long publicRoutes = MATRIX.values().stream().filter(Set::isEmpty).count() - SIGNED.size();
        long signedInRoutes = MATRIX.size() - publicRoutes - SIGNED.size();
        assertThat(checks).as("every route tried anonymously, with every role and every scope")
                .isEqualTo(publicRoutes + (signedInRoutes + SIGNED.size()) * (1 + Role.values().length + Scopes.ALL.size()));
    }

    private record Answer(int status, String code) {
        @Override
        public String toString() {
            return status + (code == null ? "" : " " + code);
        }
    }

    /**
     * Calls a route with harmless input: ids that do not exist and an empty JSON object as body, so
     * allowed calls end in 400/404/409 and write nothing. Only the start of the body is read, so a
     * streaming endpoint cannot hold the test.
     */
    private static Answer call(ApiRoute route, String token) throws IOException, InterruptedException {
        String path = route.path().replaceAll("\\{\\w+}", "987654321");
        boolean hasBody = !route.method().name().equals("GET");
        var builder = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(route.method().name(), hasBody ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody());
        if (hasBody) {
            builder.header("Content-Type", "application/json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        String code = null;
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 400) {
                String text = new String(body.readNBytes(BODY_READ_MAX_BYTES), StandardCharsets.UTF_8);
                try {
                    JsonNode node = JSON.readTree(text).at("/error/code");
                    code = node.isMissingNode() ? null : node.asText();
                } catch (IOException notJson) {
                    code = "(not json)";
                }
            }
        }
        return new Answer(response.statusCode(), code);
    }

    private static String key(ApiRoute route) {
        return route.method().name() + " " + route.path();
    }

    private static String describe(Access access) {
        return access.isPublic() ? "PUBLIC" : new TreeSet<>(access.roles()).toString();
    }
}
