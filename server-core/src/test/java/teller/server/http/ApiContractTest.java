package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import teller.server.support.ApiClient.Reply;

/**
 * docs/api.md, the route table and the OpenAPI document agree (issue 17): every route served is in
 * docs/api.md and every route docs/api.md names is served; every operation documents what its
 * success answers; and what the server really answers to every read, and to a round of writes
 * across the API, has a status its operation declares and carries only the fields, types and values
 * of that status' schema. Authentication on every route is {@link HttpApiTest}'s.
 */
class ApiContractTest extends HttpApiFixture {
    private static final Path API_MD = Path.of("..", "docs", "api.md");
    /** A route as docs/api.md writes it: `GET /api/v1/...`, `GET/POST /api/v1/...`, query strings left off. */
    private static final Pattern DOCUMENTED = Pattern.compile(
            "((?:GET|POST|PUT|PATCH|DELETE)(?:/(?:GET|POST|PUT|PATCH|DELETE))*) (/(?:api/v1/|health|metrics)[^\\s`?;,)]*)");

    private static String normalized(String method, String path) {
        return method + " " + path.replaceAll("\\{[^}]+}", "{}");
    }

    static Set<String> routesInApiMd() throws IOException {
        Set<String> routes = new TreeSet<>();
        Matcher m = DOCUMENTED.matcher(Files.readString(API_MD));
        while (m.find()) {
            for (String method : m.group(1).split("/")) {
                routes.add(normalized(method, m.group(2)));
            }
        }
        return routes;
    }

    @Test
    void docsApiMdAndTheRouteTableNameTheSameRoutes() throws IOException {
        Set<String> served = new TreeSet<>();
        for (ApiRoute route : server.http().routes()) {
            served.add(normalized(route.method().name(), route.path()));
        }
        Set<String> documented = routesInApiMd();
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        assertThat(undocumented).as("served but not in docs/api.md").isEmpty();
        assertThat(notServed).as("in docs/api.md but not served").isEmpty();
    }

    @Test
    void everyOperationDocumentsItsSuccessAnswer() {
        JsonNode doc = viewer.get("/api/v1/openapi.json").body();
        List<String> problems = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            List<String> successes = new ArrayList<>();
            op.getValue().get("responses").fieldNames().forEachRemaining(status -> {
                if (status.startsWith("2")) {
                    successes.add(status);
                }
            });
            if (successes.isEmpty()) {
                problems.add(name + " documents no 2xx answer");
            }
            for (String status : successes) {
                JsonNode response = op.getValue().get("responses").get(status);
                if (status.equals("204")) {
                    if (response.has("content")) {
                        problems.add(name + " 204 has content");
                    }
                    continue;
                }
                if (!response.has("content") || response.get("content").isEmpty()) {
                    problems.add(name + " " + status + " has no content");
                    continue;
                }
                response.get("content").fields().forEachRemaining(media -> {
                    JsonNode schema = media.getValue().get("schema");
                    if (schema == null) {
                        problems.add(name + " " + status + " " + media.getKey() + " has no schema");
                    } else if (schema.has("$ref") && resolve(doc, schema).isMissingNode()) {
                        problems.add(name + " " + status + " names a missing schema " + schema.get("$ref").asText());
                    }
                });
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyReadAnswersWithWhatItsSchemaDeclares() {
        JsonNode doc = viewer.get("/api/v1/openapi.json").body();
        String player = newPlayer();
        String pending = submit("DEPOSIT", player, 700);
        String approved = deposit(player, 1_500);
        JsonNode order = admin.get("/api/v1/orders/" + approved).body();
        String transaction = order.get("ledgerTransactionIds").get(0).asText();
        String wallet = admin.get("/api/v1/players/" + player).at("/walletAccountId");

        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (ApiRoute route : server.http().routes()) {
            JsonNode op = doc.at("/paths/" + route.path().replace("~", "~0").replace("/", "~1") + "/get");
            JsonNode schema = op.at("/responses/200/content/application~1json/schema");
            if (op.isMissingNode() || !schema.has("$ref")) {
                continue;
            }
            String path = route.path()
                    .replace("/players/{id}", "/players/" + player)
                    .replace("/orders/{id}/preview", "/orders/" + pending + "/preview")
                    .replace("/orders/{id}", "/orders/" + approved)
                    .replace("/ledger/accounts/{id}", "/ledger/accounts/" + wallet)
                    .replace("/ledger/transactions/{id}", "/ledger/transactions/" + transaction)
                    .replace("/reports/{name}", "/reports/balance-flow");
            assertThat(path).as("every path parameter of %s has a value here", route.path()).doesNotContain("{");
            Reply reply = admin.get(path);
            assertThat(reply.status()).as("GET %s: %s", path, reply.text()).isEqualTo(200);
            conforms(doc, reply.body(), schema, "GET " + route.path() + " ", problems);
            checked++;
        }
        assertThat(checked).isGreaterThan(20);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyWriteAnswersAStatusAndABodyItsOperationDeclares() {
        JsonNode doc = viewer.get("/api/v1/openapi.json").body();
        List<String> problems = new ArrayList<>();
        String id = "contract-" + SEQUENCE.incrementAndGet();
        Map<String, Object> newPlayer = Map.of("id", id, "username", id + "-name", "currency", "USD");
        declared(doc, "POST", "/api/v1/players", admin.post("/api/v1/players", newPlayer), problems);
        declared(doc, "POST", "/api/v1/players", admin.post("/api/v1/players", newPlayer), problems);
        String referrer = newPlayer();
        declared(doc, "PUT", "/api/v1/players/{id}/referrer", send(supervisor, "PUT", "/api/v1/players/" + id + "/referrer",
                Map.of("referrerId", referrer)), problems);
        declared(doc, "POST", "/api/v1/players/{id}/kyc", supervisor.post("/api/v1/players/" + id + "/kyc",
                Map.of("status", "VERIFIED")), problems);
        declared(doc, "PUT", "/api/v1/players/{id}/limits", send(supervisor, "PUT", "/api/v1/players/" + id + "/limits",
                Map.of("DAILY_DEPOSIT_LIMIT", 1_000_000)), problems);

        Reply created = clerk.post("/api/v1/orders", order("DEPOSIT", id, 2_500));
        declared(doc, "POST", "/api/v1/orders", created, problems);
        String order = created.at("/id");
        declared(doc, "POST", "/api/v1/orders/{id}/claim", admin.post("/api/v1/orders/" + order + "/claim", Map.of()), problems);
        declared(doc, "DELETE", "/api/v1/orders/{id}/claim", admin.send("DELETE", "/api/v1/orders/" + order + "/claim", null,
                Map.of()), problems);
        declared(doc, "POST", "/api/v1/orders/{id}/approve", admin.post("/api/v1/orders/" + order + "/approve",
                Map.of("note", "contract")), problems);
        declared(doc, "POST", "/api/v1/orders/retry", supervisor.post("/api/v1/orders/retry",
                Map.of("orderIds", List.of(order))), problems);
        declared(doc, "POST", "/api/v1/orders/{id}/void", supervisor.post("/api/v1/orders/" + order + "/void",
                Map.of("reason", "contract")), problems);
        String other = submit("DEPOSIT", id, 300);
        declared(doc, "POST", "/api/v1/orders/{id}/reject", admin.post("/api/v1/orders/" + other + "/reject",
                Map.of("reason", "contract")), problems);

        Reply operator = admin.post("/api/v1/operators", Map.of("username", id, "password", id + "-password",
                "roles", List.of("APPROVER")));
        declared(doc, "POST", "/api/v1/operators", operator, problems);
        declared(doc, "PATCH", "/api/v1/operators/{id}", send(admin, "PATCH", "/api/v1/operators/" + operator.at("/id"),
                Map.of("roles", List.of("APPROVER", "VIEWER"))), problems);
        declared(doc, "PUT", "/api/v1/operators/{id}/approval-caps/{currency}", send(admin, "PUT",
                "/api/v1/operators/" + operator.at("/id") + "/approval-caps/USD", Map.of("amountMax", 50_000)), problems);
        declared(doc, "PUT", "/api/v1/approval-policy/dual-approval/{currency}", send(admin, "PUT",
                "/api/v1/approval-policy/dual-approval/EUR", Map.of("amountMin", 1_000_000)), problems);
        Reply token = admin.post("/api/v1/api-tokens", Map.of("name", id, "scopes", List.of("orders:read")));
        declared(doc, "POST", "/api/v1/api-tokens", token, problems);
        declared(doc, "POST", "/api/v1/api-tokens/{id}/revoke", admin.post("/api/v1/api-tokens/" + token.at("/id")
                + "/revoke", Map.of()), problems);

        Reply login = new teller.server.support.ApiClient(server.baseUrl()).post("/api/v1/auth/login",
                Map.of("username", id, "password", id + "-password"));
        declared(doc, "POST", "/api/v1/auth/login", login, problems);
        declared(doc, "POST", "/api/v1/auth/logout", new teller.server.support.ApiClient(server.baseUrl(), login.at("/token"))
                .post("/api/v1/auth/logout", Map.of()), problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckerNamesAnUndeclaredFieldAWrongTypeAndAValueOutsideTheEnum() throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        JsonNode doc = mapper.readTree("""
                {"components": {"schemas": {"T": {"type": "object", "properties": {
                    "a": {"type": "integer"}, "s": {"type": "string", "enum": ["X"]},
                    "items": {"type": "array", "items": {"type": "object", "properties": {"b": {"type": "boolean"}}}}}}}}}""");
        JsonNode value = mapper.readTree("""
                {"a": "1", "s": "Y", "extra": true, "items": [{"b": true}, {"b": 1}], "n": null}""");
        List<String> problems = new ArrayList<>();
        conforms(doc, value, mapper.readTree("{\"$ref\": \"#/components/schemas/T\"}"), "", problems);
        assertThat(problems).containsExactly("a.is STRING \"1\", declared integer", "s.is Y, not one of [\"X\"]",
                "extra is answered but not declared", "items.[1].b.is NUMBER 1, declared boolean", "n is answered but not declared");
    }

    private static Reply send(teller.server.support.ApiClient client, String method, String path, Object body) {
        return client.send(method, path, json(body), Map.of());
    }

    /** Notes in {@code problems} when the reply's status is not a success the operation declares, or its body is not its schema's. */
    private static void declared(JsonNode doc, String method, String route, Reply reply, List<String> problems) {
        String where = method + " " + route + " " + reply.status() + " ";
        JsonNode responses = doc.at("/paths/" + route.replace("~", "~0").replace("/", "~1") + "/"
                + method.toLowerCase(Locale.ROOT) + "/responses");
        JsonNode response = responses.get(String.valueOf(reply.status()));
        if (!String.valueOf(reply.status()).startsWith("2") || response == null) {
            List<String> declared = new ArrayList<>();
            responses.fieldNames().forEachRemaining(declared::add);
            problems.add(where + "is not among " + declared + ": " + reply.text());
        } else if (reply.status() == 204) {
            if (!reply.text().isEmpty()) {
                problems.add(where + "has a body: " + reply.text());
            }
        } else {
            conforms(doc, reply.body(), response.at("/content/application~1json/schema"), where, problems);
        }
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        JsonNode resolved = schema;
        while (resolved.has("$ref")) {
            resolved = doc.at(resolved.get("$ref").asText().substring(1));
        }
        return resolved;
    }

    /** Notes in {@code problems} where {@code value} has a field, type or value that {@code schema} does not declare. */
    private static void conforms(JsonNode doc, JsonNode value, JsonNode schemaOrRef, String where, List<String> problems) {
        JsonNode schema = resolve(doc, schemaOrRef);
        if (value == null || value.isNull()) {
            return;
        }
        if (schema.has("allOf")) {
            Map<String, JsonNode> properties = new java.util.LinkedHashMap<>();
            for (JsonNode part : schema.get("allOf")) {
                resolve(doc, part).path("properties").fields().forEachRemaining(p -> properties.put(p.getKey(), p.getValue()));
            }
            objectConforms(doc, value, properties, null, where, problems);
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + "is " + value.getNodeType() + ", declared object");
                } else if (schema.has("properties")) {
                    Map<String, JsonNode> properties = new java.util.LinkedHashMap<>();
                    schema.get("properties").fields().forEachRemaining(p -> properties.put(p.getKey(), p.getValue()));
                    objectConforms(doc, value, properties, schema.get("additionalProperties"), where, problems);
                } else if (schema.has("additionalProperties")) {
                    value.fields().forEachRemaining(f -> conforms(doc, f.getValue(), schema.get("additionalProperties"),
                            where + f.getKey() + ".", problems));
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + "is " + value.getNodeType() + ", declared array");
                } else {
                    int i = 0;
                    for (JsonNode item : value) {
                        conforms(doc, item, schema.get("items"), where + "[" + i++ + "].", problems);
                    }
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + "is " + value.getNodeType() + " " + value + ", declared string");
                } else if (schema.has("enum") && !contains(schema.get("enum"), value.asText())) {
                    problems.add(where + "is " + value.asText() + ", not one of " + schema.get("enum"));
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + "is " + value.getNodeType() + " " + value + ", declared integer");
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(where + "is " + value.getNodeType() + " " + value + ", declared number");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + "is " + value.getNodeType() + " " + value + ", declared boolean");
                }
            }
            default -> problems.add(where + "has a schema without a type: " + schema);
        }
    }

    private static void objectConforms(JsonNode doc, JsonNode value, Map<String, JsonNode> properties,
                                       JsonNode additional, String where, List<String> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            var field = fields.next();
            JsonNode declared = properties.get(field.getKey());
            if (declared == null) {
                declared = additional;
            }
            if (declared == null || declared.isBoolean()) {
                problems.add(where + field.getKey() + " is answered but not declared");
            } else {
                conforms(doc, field.getValue(), declared, where + field.getKey() + ".", problems);
            }
        }
    }

    private static boolean contains(JsonNode array, String text) {
        for (JsonNode item : array) {
            if (item.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }
}
