package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.config.RateLimitSettings;
import teller.server.config.ServerConfig;
import teller.server.db.PgClaimOwners;
import teller.server.db.PgIdempotencyRecords;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;

/**
 * {@code /metrics} off loopback (issue 15: it was public on any bind address): a token with scope
 * {@code metrics:read} (or an administrator or auditor) reads it. The route table is built as for a
 * server bound to another address, and served on loopback for the test.
 */
class MetricsAccessTest {
    private static ServerCore server;
    private static ApiServer protectedApi;
    private static PgClaimOwners owners;
    private static String baseUrl;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        var services = server.services();
        owners = new PgClaimOwners(server.database());
        protectedApi = new ApiServer(new HttpApi(services, new PgIdempotencyRecords(services.tx(), owners), Json.mapper(),
                () -> true, () -> "teller_up 1\n", List::of, false).routes(), services.auth(), Json.mapper(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), 16, "test", RateLimitSettings.defaults(),
                java.time.Clock.systemUTC(), services.apiTokens()).start("127.0.0.1", 0);
        baseUrl = "http://127.0.0.1:" + protectedApi.port();
    }

    @AfterAll
    static void stop() {
        protectedApi.close();
        owners.close();
        server.close();
    }

    @Test
    void metricsOffLoopbackNeedAMetricsReadTokenOrAnAuditingOperator() {
        ApiClient admin = ApiClient.signedIn(baseUrl, "admin", TestServer.ADMIN_PASSWORD);
        String prometheus = admin.post("/api/v1/api-tokens", Map.of("name", "prometheus", "scopes", List.of("metrics:read")))
                .at("/token");
        String portal = admin.post("/api/v1/api-tokens", Map.of("name", "portal", "scopes", List.of("orders:read")))
                .at("/token");

        assertThat(new ApiClient(baseUrl).get("/metrics").status()).isEqualTo(401);
        assertThat(new ApiClient(baseUrl, portal).get("/metrics").status()).isEqualTo(403);
        var scraped = new ApiClient(baseUrl, prometheus).get("/metrics");
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.text()).contains("teller_up 1");
        assertThat(admin.get("/metrics").status()).isEqualTo(200);
        assertThat(new ApiClient(server.baseUrl()).get("/metrics").status()).as("on loopback it stays public").isEqualTo(200);
    }

    @Test
    void metricsArePublicOnlyOnLoopbackOrWhenAskedFor() {
        ServerConfig defaults = ServerConfig.fromEnvironment(Map.of());
        assertThat(defaults.toBuilder().bindAddress("127.0.0.1").build().metricsOpen()).isTrue();
        assertThat(defaults.toBuilder().bindAddress("0.0.0.0").build().metricsOpen()).isFalse();
        assertThat(ServerConfig.fromEnvironment(Map.of("TELLER_BIND_ADDRESS", "10.0.0.5", "METRICS_PUBLIC", "true"))
                .metricsOpen()).isTrue();
    }
}
