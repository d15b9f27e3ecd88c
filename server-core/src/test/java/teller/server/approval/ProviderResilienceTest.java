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
 * 50 %, open 1 s); the payout provider points at a port where nothing listens.
 */
class ProviderResilienceTest {
    static FakeProvider provider;
    static ExecutionFixture teller;

    @BeforeAll
    static void start() {
        provider = FakeProvider.start();
        ProviderSettings gameLoad = new ProviderSettings(ProviderKind.GAME_LOAD, provider.baseUrl(), FakeProvider.TOKEN,
                Duration.ofMillis(1_500), 2, Duration.ofMillis(50), Duration.ofMillis(100), 4, 50f, Duration.ofSeconds(1));
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
    void openCircuitFailsApprovalsHonestlyWithoutCallingAndClosesAgainWhenTheProviderIsBack() throws Exception {
        String player = teller.fundedPlayer(20_000);
        long first = teller.order("GAME_LOAD", player, 1_000);
        long second = teller.order("GAME_LOAD", player, 1_000);
        long third = teller.order("GAME_LOAD", player, 1_000);
        provider.script(key(first, 1), FAIL_5XX, FAIL_5XX).script(key(second, 1), FAIL_5XX, FAIL_5XX);

        assertThat(teller.approve(first).at("/status")).isEqualTo("APPROVED_FAILED");
        assertThat(teller.approve(second).at("/status")).isEqualTo("APPROVED_FAILED");
        assertThat(breakerState(ProviderKind.GAME_LOAD)).isEqualTo("OPEN");
        assertThat(teller.admin.get("/metrics").text())
                .containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"game_load\"[^}]*state=\"open\"[^}]*} 1\\.0");

        var shortCircuited = teller.approve(third);

        assertThat(shortCircuited.status()).as(shortCircuited.text()).isEqualTo(200);
        JsonNode o = shortCircuited.body();
        assertThat(o.get("status").asText()).isEqualTo("APPROVED_FAILED");
        assertThat(o.at("/executionResult/errorCode").asText()).isEqualTo("GAME_LOAD_API_CIRCUIT_OPEN");
        assertThat(o.get("executionError").asText()).contains("circuit breaker is open");
        assertThat(teller.transactionStatus(o.get("holdTransactionId").asText())).isEqualTo("VOIDED");
        assertThat(provider.requests(key(third, 1))).as("an open circuit sends nothing").isZero();
        assertThat(teller.events(third)).endsWith("GAME_LOAD_FAILED");
        assertThat(teller.available(player)).isEqualTo(20_000);

        Thread.sleep(1_200); // the breaker's open duration: after it, calls are let through to probe
        for (long order : new long[] {third, first, second}) {
            var retried = teller.retry(order);
            assertThat(retried.at("/status")).as(retried.text()).isEqualTo("APPROVED_EXECUTED");
            assertThat(provider.succeededKeysOfOrder(order)).containsExactly(key(order, 2));
        }
        assertThat(breakerState(ProviderKind.GAME_LOAD)).isNotEqualTo("OPEN");
        assertThat(teller.balance(player)).isEqualTo(17_000);
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
