package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestPostgres;
import teller.server.support.TestServer;

/**
 * The HTTP contract of API.md that holds for the whole route table: authentication on every route,
 * health, metrics, and an OpenAPI document that lists exactly the routes served. The endpoints' own
 * behaviour is in {@link FoundationEndpointsHttpTest}, {@link OrdersHttpTest}, {@link BadInputHttpTest}
 * and {@link IdempotencyHttpTest}.
 */
class HttpApiTest extends HttpApiFixture {

    // ------------------------------------------------------------------ authentication on every route

    @Test
    void everyApiRouteExceptLoginRefusesAMissingOrForgedTokenWith401() {
        List<ApiRoute> routes = server.http().routes();
        assertThat(routes).hasSizeGreaterThan(15);
        ApiClient anonymous = new ApiClient(server.baseUrl());
        ApiClient forged = new ApiClient(server.baseUrl(), "forged-token-0123456789abcdef");
        Map<String, Long> before = counts();
        for (ApiRoute route : routes) {
            if (!route.path().startsWith("/api/v1/")) {
                continue;
            }
            if (route.path().equals("/api/v1/auth/login")) {
                assertThat(route.access().isPublic()).isTrue();
                continue;
            }
            if (route.access().bySignature()) {
                // The explicit exception: a payment webhook takes no token but a signature, and this
                // server has no webhook secret, so it refuses honestly (503) and writes nothing.
                assertThat(route.path()).startsWith("/api/v1/webhooks/");
                for (ApiClient client : List.of(anonymous, forged)) {
                    Reply reply = client.send(route.method().name(), route.path().replaceAll("\\{\\w+}", "psp"), "{}",
                            Map.of());
                    assertThat(reply.status()).as("%s %s", route.method(), route.path()).isEqualTo(503);
                    assertError(reply, "WEBHOOK_NOT_CONFIGURED");
                }
                continue;
            }
            if (route.path().equals(TelegramRoutes.WEBHOOK_PATH)) {
                // Authenticated by its secret header instead, and its refusals are audited (TelegramWebhookTest).
                assertThat(route.access().isPublic()).isTrue();
                continue;
            }
            assertThat(route.access().isPublic()).as("%s %s must need a token", route.method(), route.path()).isFalse();
            String path = route.path().replaceAll("\\{\\w+}", "1");
            String body = route.method().name().equals("GET") ? null : "{}";
            for (ApiClient client : List.of(anonymous, forged)) {
                Reply reply = client.send(route.method().name(), path, body, Map.of());
                assertThat(reply.status()).as("%s %s", route.method(), route.path()).isEqualTo(401);
                assertError(reply, "UNAUTHENTICATED");
            }
        }
        assertThat(counts()).as("nothing written by refused calls").isEqualTo(before);
    }


    // ------------------------------------------------------------------ health, metrics, OpenAPI

    @Test
    void healthAndReadinessAnswerWithoutAToken() {
        ApiClient anonymous = new ApiClient(server.baseUrl());
        Reply health = anonymous.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.at("/status")).isEqualTo("ok");
        Reply ready = anonymous.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.at("/status")).isEqualTo("ready");
    }

    @Test
    void readinessIs503WhileTheDatabaseIsGoneAndLivenessStaysUp() {
        String url = TestPostgres.freshDatabase();
        try (ServerCore doomed = TestServer.start(b -> b.database(url, null, null))) {
            ApiClient anonymous = new ApiClient(doomed.baseUrl());
            assertThat(anonymous.get("/health/ready").status()).isEqualTo(200);
            TestPostgres.dropDatabase(url);
            Reply ready = anonymous.get("/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.at("/status")).isEqualTo("unavailable");
            assertThat(anonymous.get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void metricsArePrometheusTextWithTellersOwnMeters() throws Exception {
        viewer.get("/api/v1/orders");
        // The request timer is recorded after the response went out: poll briefly for it.
        HttpResponse<String> response = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.body().contains("route=\"/api/v1/orders\"")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(response.body())
                .contains("# TYPE teller_http_requests_seconds")
                .containsPattern("teller_http_requests_seconds_count\\{[^}]*route=\"/api/v1/orders\"[^}]*} [1-9]")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void theOpenApiDocumentListsEveryRouteOfTheTableAndNothingElse() {
        Reply doc = viewer.get("/api/v1/openapi.json");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.at("/openapi")).startsWith("3.");
        Set<String> documented = new HashSet<>();
        doc.body().get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        Set<String> served = new HashSet<>();
        for (ApiRoute route : server.http().routes()) {
            served.add(route.method().name() + " " + route.path());
            JsonNode op = doc.body().get("paths").get(route.path()).get(route.method().name().toLowerCase(Locale.ROOT));
            assertThat(op.get("summary").asText()).isNotBlank();
            if (route.responseSchema() != null) {
                String success = op.get("responses").has("200") ? "200" : "201";
                String ref = op.at("/responses/" + success + "/content/application~1json/schema/$ref").asText();
                assertThat(ref).as("%s of %s", success, route.path()).endsWith("/" + route.responseSchema());
                assertThat(doc.body().at("/components/schemas/" + route.responseSchema()).isMissingNode())
                        .as("schema %s of %s exists", ref, route.path()).isFalse();
            }
        }
        assertThat(documented).isEqualTo(served);
    }
}
