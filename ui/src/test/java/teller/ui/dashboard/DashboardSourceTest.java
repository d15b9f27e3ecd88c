package teller.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.ui.api.TellerClient;

/**
 * Where the dashboard's figures come from: the server's dashboard endpoint as sent, or on a server
 * without it the queue and today's operations report, with the alerts marked unavailable.
 */
class DashboardSourceTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T18:00:00Z"), ZoneOffset.UTC);
    private MockWebServer server;
    private final List<String> paths = new ArrayList<>();
    private String dashboard;
    private int operationsStatus = 200;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                paths.add(request.getPath());
                String path = request.getPath();
                if (path.startsWith("/api/v1/dashboard")) {
                    return dashboard == null ? json(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no route\"}}")
                            : json(200, dashboard);
                }
                if (path.startsWith("/api/v1/orders") && !path.contains("cursor=")) {
                    return json(200, "{\"items\":[" + order("1", "DEPOSIT", 20_00, "2026-11-23T17:00:00Z") + ","
                            + order("2", "GAME_LOAD", 15_00, "2026-11-23T17:30:00Z") + "],\"nextCursor\":\"c2\"}");
                }
                if (path.startsWith("/api/v1/orders")) {
                    return json(200, "{\"items\":[" + order("3", "DEPOSIT", 30_00, "2026-11-23T17:45:00Z")
                            + "],\"nextCursor\":null}");
                }
                if (path.startsWith("/api/v1/reports/operations")) {
                    return operationsStatus == 200
                            ? json(200, "{\"name\":\"operations\",\"columns\":[],\"rows\":[],\"summary\":"
                                    + "{\"approvals\":2,\"rejections\":1,\"approvalRate\":0.6667}}")
                            : json(operationsStatus, "{\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"not allowed\"}}");
                }
                return json(500, "{}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static String order(String id, String type, long amount, String created) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"status\":\"PENDING_REVIEW\",\"playerId\":\"p\","
                + "\"amount\":" + amount + ",\"currency\":\"USD\",\"createdAt\":\"" + created + "\"}";
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    private DashboardSource source() {
        return new DashboardSource(TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(), "t"),
                NOW);
    }

    @Test
    void withoutTheDashboardEndpointTheQueueIsCountedPageByPageAndTheAlertsAreMarkedUnavailable() {
        DashboardSnapshot s = source().load();

        assertThat(s.pending()).containsExactly(new DashboardSnapshot.PendingTotal("DEPOSIT", "USD", 2, 50_00),
                new DashboardSnapshot.PendingTotal("GAME_LOAD", "USD", 1, 15_00));
        assertThat(s.pendingComplete()).isTrue();
        assertThat(s.oldestPendingSeconds()).isEqualTo(3_600L);
        assertThat(s.today().approved()).isEqualTo(2);
        assertThat(s.today().rejected()).isEqualTo(1);
        assertThat(s.today().approvalRate()).isEqualByComparingTo(new BigDecimal("0.6667"));
        assertThat(s.alerts()).isNull();
        assertThat(s.alertsUnavailable()).startsWith("Alerts are not available from this server");
        assertThat(paths).contains("/api/v1/orders?limit=500&status=PENDING_REVIEW",
                "/api/v1/orders?limit=500&status=PENDING_REVIEW&cursor=c2",
                "/api/v1/reports/operations?from=2026-11-23&to=2026-11-23");
    }

    @Test
    void aRoleThatMayNotReadReportsGetsTheQueueAndTheReasonForTheMissingDecisions() {
        operationsStatus = 403;

        DashboardSnapshot s = source().load();

        assertThat(s.pending()).hasSize(2);
        assertThat(s.today()).isNull();
        assertThat(s.todayUnavailable()).contains("your role may not read");
    }

    @Test
    void theDashboardEndpointIsUsedAsSentWhenTheServerHasIt() {
        dashboard = """
                {"generatedAt":"2026-11-23T18:00:00Z",
                 "kpis":{"pending":[{"type":"WITHDRAWAL","currency":"USD","orders":4,"amount":90000}],
                         "pendingOrders":4,"oldestPendingSeconds":120,"approvedToday":7,"rejectedToday":3,
                         "approvalRateToday":0.7000},
                 "alerts":[{"name":"APPROVED_FAILED_RATIO","active":true,"message":"2 of 10 failed","details":{}},
                           {"name":"PROVIDER_UNAVAILABLE","active":false,"message":"none","details":{}}]}
                """;

        DashboardSnapshot s = source().load();

        assertThat(paths).containsExactly("/api/v1/dashboard");
        assertThat(s.pending()).containsExactly(new DashboardSnapshot.PendingTotal("WITHDRAWAL", "USD", 4, 900_00));
        assertThat(s.oldestPendingSeconds()).isEqualTo(120L);
        assertThat(s.today().approved()).isEqualTo(7);
        assertThat(s.today().rejected()).isEqualTo(3);
        assertThat(s.today().approvalRate()).isEqualByComparingTo(new BigDecimal("0.7"));
        assertThat(s.alerts()).containsExactly(new DashboardSnapshot.AlertState("APPROVED_FAILED_RATIO", true, "2 of 10 failed"),
                new DashboardSnapshot.AlertState("PROVIDER_UNAVAILABLE", false, "none"));
    }
}
