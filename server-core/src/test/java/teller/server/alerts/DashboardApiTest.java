package teller.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.provider.ProviderKind;
import teller.server.support.ExecutionFixture;
import teller.server.support.FakeProvider;

/**
 * The dashboard over real HTTP on a server whose game-load provider answers that it is unavailable:
 * a game load approved and retried three times fails four times with GAME_LOAD_API_UNAVAILABLE,
 * which trips all three alerts, and the metrics show them. (A provider that is not configured at all
 * is refused before any attempt, decision 0061.)
 */
class DashboardApiTest {
    private static FakeProvider provider;
    private static ExecutionFixture fixture;
    private static long failing;

    @BeforeAll
    static void start() {
        provider = FakeProvider.start().defaultBehaviour(FakeProvider.Behaviour.REFUSE_UNAVAILABLE);
        fixture = ExecutionFixture.start(b -> b.providers(
                ExecutionFixture.fastSettings(ProviderKind.GAME_LOAD, provider.baseUrl()),
                ExecutionFixture.fastSettings(ProviderKind.PAYOUT, provider.baseUrl())));
        String player = fixture.fundedPlayer(10_000);
        fixture.order("DEPOSIT", player, 700);
        fixture.order("DEPOSIT", player, 300);
        failing = fixture.order("GAME_LOAD", player, 1_000);
        assertThat(fixture.approve(failing).at("/status")).isEqualTo("APPROVED_FAILED");
        for (int retry = 0; retry < 3; retry++) {
            var reply = fixture.retry(failing);
            assertThat(reply.at("/status")).as(reply.text()).isEqualTo("APPROVED_FAILED");
        }
        assertThat(fixture.order(failing).get("executionAttempts").asInt()).isEqualTo(4);
    }

    @AfterAll
    static void stop() {
        fixture.close();
        provider.close();
    }

    private static JsonNode dashboard() {
        var reply = fixture.admin.get("/api/v1/dashboard");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.body();
    }

    private static JsonNode alert(JsonNode dashboard, String name) {
        for (JsonNode a : dashboard.get("alerts")) {
            if (a.get("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no alert " + name + " in " + dashboard);
    }

    @Test
    void kpisShowThePendingQueueAndTodaysDecisions() {
        JsonNode kpis = dashboard().get("kpis");
        assertThat(kpis.get("pendingOrders").asLong()).isEqualTo(2);
        JsonNode deposits = kpis.get("pending").get(0);
        assertThat(deposits.get("type").asText()).isEqualTo("DEPOSIT");
        assertThat(deposits.get("currency").asText()).isEqualTo("USD");
        assertThat(deposits.get("orders").asLong()).isEqualTo(2);
        assertThat(deposits.get("amount").asLong()).isEqualTo(1_000);
        assertThat(kpis.get("oldestPendingSeconds").asLong()).isNotNegative();
        // The funding deposit and the game load left the queue today; nothing was rejected. The game load
        // ended APPROVED_FAILED and moved no money: it is counted apart from "approved today" (issue 16).
        assertThat(kpis.get("approvedToday").asLong()).isEqualTo(1);
        assertThat(kpis.get("approvedFailedToday").asLong()).isEqualTo(1);
        assertThat(kpis.get("rejectedToday").asLong()).isZero();
        assertThat(kpis.get("approvalRateToday").decimalValue()).isEqualByComparingTo("1");
    }

    @Test
    void aProviderOutageTripsAllThreeAlerts() {
        JsonNode d = dashboard();
        JsonNode unavailable = alert(d, "PROVIDER_UNAVAILABLE");
        assertThat(unavailable.get("active").asBoolean()).isTrue();
        assertThat(unavailable.at("/details/byErrorCode/0/errorCode").asText()).isEqualTo("GAME_LOAD_API_UNAVAILABLE");
        assertThat(unavailable.at("/details/byErrorCode/0/failures").asLong()).isEqualTo(4);
        assertThat(unavailable.at("/details/byErrorCode/0/lastOrderId").asText()).isEqualTo(Long.toString(failing));

        JsonNode attempts = alert(d, "EXECUTION_ATTEMPTS");
        assertThat(attempts.get("active").asBoolean()).isTrue();
        assertThat(attempts.at("/details/examples/0/orderId").asText()).isEqualTo(Long.toString(failing));
        assertThat(attempts.at("/details/examples/0/attempts").asInt()).isEqualTo(4);

        // 4 failures against 1 executed deposit.
        JsonNode ratio = alert(d, "APPROVED_FAILED_RATIO");
        assertThat(ratio.get("active").asBoolean()).isTrue();
        assertThat(ratio.at("/details/ratio").decimalValue()).isEqualByComparingTo("0.8");
    }

    @Test
    void theMetricsCarryTheAlertGauges() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(fixture.server.baseUrl() + "/metrics")).GET().build();
        String metrics = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("teller_alert_active{alert=\"PROVIDER_UNAVAILABLE\"} 1.0")
                .contains("teller_alert_active{alert=\"EXECUTION_ATTEMPTS\"} 1.0")
                .contains("teller_alert_active{alert=\"APPROVED_FAILED_RATIO\"} 1.0")
                .contains("teller_approved_failed_ratio 0.8");
    }
}
