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
import teller.server.support.ApiClient;
import teller.server.support.ExecutionFixture;

/**
 * No provider URL configured: approving a game load or withdrawal is refused up front with 503
 * PROVIDER_UNAVAILABLE and changes nothing (decision 0061); nothing is simulated unless the sandbox
 * is switched on explicitly, and then it says so.
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
    void aGameLoadWithoutAProviderIsRefusedUpFrontAndNothingChanges() {
        String player = unconfigured.fundedPlayer(10_000);
        long order = unconfigured.order("GAME_LOAD", player, 3_000);

        assertRefusedAndUnchanged(unconfigured.approve(order), order, "GAME_LOAD", player);
    }

    @Test
    void aWithdrawalWithoutAProviderIsRefusedUpFrontAndNothingChanges() {
        String player = unconfigured.fundedPlayer(10_000);
        long order = unconfigured.order("WITHDRAWAL", player, 4_000);

        assertRefusedAndUnchanged(unconfigured.approve(order), order, "PAYOUT", player);
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

    /** Decision 0061: 503 PROVIDER_UNAVAILABLE naming the provider, no Retry-After, and the order as it was. */
    private static void assertRefusedAndUnchanged(ApiClient.Reply refused, long order, String provider, String player) {
        assertThat(refused.status()).as(refused.text()).isEqualTo(503);
        assertThat(refused.at("/error/code")).isEqualTo("PROVIDER_UNAVAILABLE");
        assertThat(refused.at("/error/details/provider")).isEqualTo(provider);
        assertThat(refused.at("/error/details/state")).isEqualTo("NOT_CONFIGURED");
        assertThat(refused.at("/error/message")).contains("not configured").contains(provider + "_API_URL");
        assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
        JsonNode o = unconfigured.order(order);
        assertThat(o.get("status").asText()).isEqualTo("PENDING_REVIEW");
        assertThat(o.get("executionAttempts").asInt()).isZero();
        assertThat(o.get("ledgerTransactionIds")).isEmpty();
        assertThat(unconfigured.events(order)).containsExactly("ORDER_CREATED");
        assertThat(unconfigured.balance(player)).isEqualTo(10_000);
        assertThat(unconfigured.available(player)).isEqualTo(10_000);
        unconfigured.assertLedgerClean();
    }

    private static Map<String, JsonNode> providers(ExecutionFixture teller) {
        Map<String, JsonNode> byKind = new HashMap<>();
        for (JsonNode p : teller.admin.get("/api/v1/providers").body().get("items")) {
            byKind.put(p.get("kind").asText(), p);
        }
        return byKind;
    }
}
