package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderSettings;
import teller.server.support.ExecutionFixture;

/**
 * No provider URL configured: approvals fail honestly with *_API_UNAVAILABLE and release their
 * holds; nothing is simulated unless the sandbox is switched on explicitly, and then it says so.
 */
class UnconfiguredProviderTest {
    static ExecutionFixture unconfigured;
    static ExecutionFixture sandbox;

    @BeforeAll
    static void start() {
        ProviderSettings gameLoad = ProviderSettings.defaults(ProviderKind.GAME_LOAD, null, null);
        ProviderSettings payout = ProviderSettings.defaults(ProviderKind.PAYOUT, null, null);
        unconfigured = ExecutionFixture.start(b -> b.providers(gameLoad, payout).sandboxProviders(false));
        sandbox = ExecutionFixture.start(b -> b.providers(gameLoad, payout).sandboxProviders(true));
    }

    @AfterAll
    static void stop() {
        unconfigured.close();
        sandbox.close();
    }

    @Test
    void gameLoadWithoutAProviderEndsApprovedFailedWithGameLoadApiUnavailable() {
        String player = unconfigured.fundedPlayer(10_000);
        long order = unconfigured.order("GAME_LOAD", player, 3_000);

        var approved = unconfigured.approve(order);

        assertUnavailable(unconfigured, approved.status(), approved.body(), "GAME_LOAD_API_UNAVAILABLE", player);
        assertThat(unconfigured.events(order)).endsWith("ORDER_EXECUTING", "GAME_LOAD_FAILED");
        unconfigured.assertLedgerClean();
    }

    @Test
    void withdrawalWithoutAProviderEndsApprovedFailedWithPayoutApiUnavailable() {
        String player = unconfigured.fundedPlayer(10_000);
        long order = unconfigured.order("WITHDRAWAL", player, 4_000);

        var approved = unconfigured.approve(order);

        assertUnavailable(unconfigured, approved.status(), approved.body(), "PAYOUT_API_UNAVAILABLE", player);
        assertThat(unconfigured.events(order)).endsWith("ORDER_EXECUTING", "PAYOUT_FAILED");
        unconfigured.assertLedgerClean();
    }

    @Test
    void providersEndpointShowsBothUnconfiguredAndNoneSandboxed() {
        Map<String, JsonNode> providers = providers(unconfigured);
        for (ProviderKind kind : ProviderKind.values()) {
            assertThat(providers.get(kind.name()).get("configured").asBoolean()).isFalse();
            assertThat(providers.get(kind.name()).get("sandbox").asBoolean()).isFalse();
            assertThat(providers.get(kind.name()).get("circuitBreakerState").asText()).isEqualTo("DISABLED");
        }
    }

    @Test
    void sandboxExecutesOnlyWhenEnabledAndLabelsEverythingItDoes() {
        Map<String, JsonNode> providers = providers(sandbox);
        for (ProviderKind kind : ProviderKind.values()) {
            assertThat(providers.get(kind.name()).get("sandbox").asBoolean()).isTrue();
        }
        String player = sandbox.fundedPlayer(10_000);
        long order = sandbox.order("GAME_LOAD", player, 3_000);

        var approved = sandbox.approve(order);

        assertThat(approved.at("/status")).as(approved.text()).isEqualTo("APPROVED_EXECUTED");
        assertThat(approved.body().at("/executionResult/sandbox").asBoolean()).isTrue();
        assertThat(approved.at("/executionResult/transactionId")).startsWith("sandbox-");
        sandbox.assertLedgerClean();
    }

    private static void assertUnavailable(ExecutionFixture teller, int status, JsonNode o, String code, String player) {
        assertThat(status).as(o.toString()).isEqualTo(200);
        assertThat(o.get("status").asText()).isEqualTo("APPROVED_FAILED");
        assertThat(o.at("/executionResult/errorCode").asText()).isEqualTo(code);
        assertThat(o.get("executionError").asText()).contains("not configured").contains(code);
        assertThat(o.get("executionAttempts").asInt()).isEqualTo(1);
        assertThat(teller.transactionStatus(o.get("holdTransactionId").asText())).isEqualTo("VOIDED");
        assertThat(teller.balance(player)).isEqualTo(10_000);
        assertThat(teller.available(player)).isEqualTo(10_000);
    }

    private static Map<String, JsonNode> providers(ExecutionFixture teller) {
        Map<String, JsonNode> byKind = new HashMap<>();
        for (JsonNode p : teller.admin.get("/api/v1/providers").body().get("items")) {
            byKind.put(p.get("kind").asText(), p);
        }
        return byKind;
    }
}
