package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.server.support.ExecutionFixture.key;
import static teller.server.support.FakeProvider.Behaviour.FAIL_5XX;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderSettings;
import teller.server.support.ExecutionFixture;
import teller.server.support.FakeProvider;

/**
 * The game-load provider sits behind a circuit breaker that opens quickly here (window of 4 calls,
 * 50 %, open {@link #BREAKER_OPEN}); the payout provider points at a port where nothing listens.
 */
class ProviderResilienceTest {
    /** Long enough that a busy machine cannot see the breaker half-open before the test looks at it OPEN. */
    static final Duration BREAKER_OPEN = Duration.ofSeconds(4);
    static FakeProvider provider;
    static ExecutionFixture teller;

    @BeforeAll
    static void start() {
        provider = FakeProvider.start();
        ProviderSettings gameLoad = new ProviderSettings(ProviderKind.GAME_LOAD, provider.baseUrl(), FakeProvider.TOKEN,
                Duration.ofMillis(1_500), 2, Duration.ofMillis(50), Duration.ofMillis(100), 4, 50f, BREAKER_OPEN);
        ProviderSettings payout = ExecutionFixture.fastSettings(ProviderKind.PAYOUT, "http://127.0.0.1:" + closedPort());
        teller = ExecutionFixture.start(b -> b.providers(gameLoad, payout)
                .execution(Duration.ofSeconds(6), Duration.ofSeconds(10), Duration.ofMillis(300)));
    }

    @AfterAll
    static void stop() {
        teller.close();
        provider.close();
    }

    @AfterEach
    void ledgerStaysClean() {
        teller.assertLedgerClean();
    }

    @Test
    void anOpenCircuitRefusesApprovalsAndRetriesUpFrontAndLetsThemThroughOnceItHalfOpensByItself() {
        String player = teller.fundedPlayer(20_000);
        long first = teller.order("GAME_LOAD", player, 1_000);
        long second = teller.order("GAME_LOAD", player, 1_000);
        long third = teller.order("GAME_LOAD", player, 1_000);
        provider.script(key(first, 1), FAIL_5XX, FAIL_5XX).script(key(second, 1), FAIL_5XX, FAIL_5XX);

        assertThat(teller.approve(first).at("/status")).isEqualTo("APPROVED_FAILED");
        assertThat(teller.approve(second).at("/status")).isEqualTo("APPROVED_FAILED");
        assertThat(breakerState(ProviderKind.GAME_LOAD)).isEqualTo("OPEN");
        assertThat(teller.admin.get("/metrics").text())
                .containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"game_load\"[^}]*state=\"open\"[^}]*} 1\\.0")
                .contains("teller_provider_circuits_open 1.0");
        // The providers list gives the breaker with since when, the failure rate and the last error.
        JsonNode gameLoad = provider("GAME_LOAD");
        assertThat(gameLoad.at("/breaker/state").asText()).isEqualTo("OPEN");
        assertThat(java.time.Instant.parse(gameLoad.at("/breaker/since").asText())).isBeforeOrEqualTo(java.time.Instant.now());
        assertThat(gameLoad.get("failureRatePercent").asDouble()).isGreaterThanOrEqualTo(50.0);
        assertThat(gameLoad.at("/lastError/code").asText()).startsWith("GAME_LOAD_API_");
        assertThat(gameLoad.at("/lastError/at").asText()).isNotBlank();
        // The transition went through the outbox, announced with the provider as the list shows it.
        assertThat(teller.outboxPayloads("PROVIDER_STATE_CHANGED", "GAME_LOAD"))
                .anySatisfy(payload -> assertThat(payload).contains("\"state\": \"OPEN\"").contains("\"id\": \"GAME_LOAD\""));
        // The dashboard raises "provider circuit open", and the provider-unavailable alert reads the state.
        JsonNode alerts = teller.admin.get("/api/v1/dashboard").body().get("alerts");
        assertThat(alert(alerts, "PROVIDER_CIRCUIT_OPEN").get("active").asBoolean()).isTrue();
        assertThat(alert(alerts, "PROVIDER_CIRCUIT_OPEN").at("/details/providers/0/provider").asText()).isEqualTo("GAME_LOAD");
        assertThat(alert(alerts, "PROVIDER_UNAVAILABLE").at("/details/providers/0/state").asText()).isEqualTo("OPEN");

        // Refused up front (decision 0061): 503 naming the provider and its state, with Retry-After.
        var refused = teller.approve(third);
        assertThat(refused.status()).as(refused.text()).isEqualTo(503);
        assertThat(refused.at("/error/code")).isEqualTo("PROVIDER_UNAVAILABLE");
        assertThat(refused.at("/error/details/provider")).isEqualTo("GAME_LOAD");
        assertThat(refused.at("/error/details/state")).isEqualTo("OPEN");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, BREAKER_OPEN.toSeconds());
        assertThat(refused.body().at("/error/details/retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        assertThat(teller.status(third)).isEqualTo("PENDING_REVIEW");
        assertThat(teller.order(third).get("ledgerTransactionIds")).isEmpty();
        assertThat(provider.requests(key(third, 1))).as("an open circuit sends nothing").isZero();
        // A retry is refused the same way and uses up no attempt.
        var retryRefused = teller.retry(first);
        assertThat(retryRefused.status()).as(retryRefused.text()).isEqualTo(503);
        assertThat(teller.order(first).get("executionAttempts").asInt()).isEqualTo(1);
        assertThat(teller.status(first)).isEqualTo("APPROVED_FAILED");
        assertThat(teller.available(player)).isEqualTo(20_000);

        // Without any traffic the breaker moves to HALF_OPEN after its wait; its trial calls go through.
        ExecutionFixture.await(BREAKER_OPEN.plusSeconds(10), "the breaker to half-open by itself",
                () -> breakerState(ProviderKind.GAME_LOAD).equals("HALF_OPEN"));
        var approved = teller.approve(third);
        assertThat(approved.at("/status")).as(approved.text()).isEqualTo("APPROVED_EXECUTED");
        for (long order : new long[] {first, second}) {
            var retried = teller.retry(order);
            assertThat(retried.at("/status")).as(retried.text()).isEqualTo("APPROVED_EXECUTED");
            assertThat(provider.succeededKeysOfOrder(order)).containsExactly(key(order, 2));
        }
        assertThat(breakerState(ProviderKind.GAME_LOAD)).isNotEqualTo("OPEN");
        assertThat(teller.balance(player)).isEqualTo(17_000);
        assertThat(teller.outboxPayloads("PROVIDER_STATE_CHANGED", "GAME_LOAD"))
                .anySatisfy(payload -> assertThat(payload).contains("\"state\": \"HALF_OPEN\""));
    }

    @Test
    void unreachablePayoutProviderFailsTheWithdrawalAndReleasesTheHold() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("WITHDRAWAL", player, 4_000);

        var approved = teller.approve(order);

        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        JsonNode o = approved.body();
        assertThat(o.get("status").asText()).isEqualTo("APPROVED_FAILED");
        assertThat(o.at("/executionResult/errorCode").asText()).isEqualTo("PAYOUT_API_UNREACHABLE");
        assertThat(o.get("executionError").asText()).contains("unreachable");
        assertThat(teller.transactionStatus(o.get("holdTransactionId").asText())).isEqualTo("VOIDED");
        assertThat(teller.available(player)).isEqualTo(10_000);
        assertThat(teller.events(order)).endsWith("PAYOUT_FAILED");
    }

    @Test
    void theProvidersListNamesTelegramAndThePaymentWebhooksToo() {
        JsonNode telegram = provider("TELEGRAM");
        assertThat(telegram.get("configured").asBoolean()).isFalse();
        assertThat(telegram.get("breaker").isNull()).isTrue();
        JsonNode webhooks = provider("PAYMENT_WEBHOOK:*");
        assertThat(webhooks.get("kind").asText()).isEqualTo("PAYMENT_WEBHOOK");
        assertThat(webhooks.get("configured").asBoolean()).isFalse();
        JsonNode payout = provider("PAYOUT");
        assertThat(payout.get("configured").asBoolean()).isTrue();
        assertThat(payout.get("sandbox").asBoolean()).isFalse();
    }

    private static JsonNode provider(String id) {
        for (JsonNode p : teller.admin.get("/api/v1/providers").body().get("items")) {
            if (id.equals(p.get("id").asText())) {
                return p;
            }
        }
        throw new AssertionError("no provider " + id);
    }

    private static JsonNode alert(JsonNode alerts, String name) {
        for (JsonNode a : alerts) {
            if (a.get("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no alert " + name);
    }

    private static String breakerState(ProviderKind kind) {
        for (JsonNode p : teller.admin.get("/api/v1/providers").body().get("items")) {
            if (kind.name().equals(p.get("kind").asText())) {
                assertThat(p.get("configured").asBoolean()).isTrue();
                assertThat(p.get("sandbox").asBoolean()).isFalse();
                return p.get("circuitBreakerState").asText();
            }
        }
        throw new AssertionError("no provider " + kind);
    }

    /** A loopback port nothing listens on: connections are refused at once. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
