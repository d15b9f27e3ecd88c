package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.approval.ConfirmSettings;
import teller.server.config.ServerConfig;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * CONFIRM_ABOVE_AMOUNT (issue 16, decision 0145): read from the environment, served read-only with
 * the approval policy and, for the order's currency, with each order's preview — which approvers,
 * who cannot read the policy, load anyway.
 */
class ConfirmAboveAmountHttpTest {
    static ServerCore server;
    static ApiClient admin;
    static ApiClient maria;

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b.confirm(ConfirmSettings.fromEnvironment(
                Map.of("CONFIRM_ABOVE_AMOUNT", "usd=100000, EUR=80000")::get)));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        maria = admin.newOperator("maria", "APPROVER");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theSettingIsReadPerCurrencyAndABadValueNamesIt() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("CONFIRM_ABOVE_AMOUNT", "USD=150000,JPY=20000"));
        assertThat(config.confirm().aboveAmount()).containsExactly(Map.entry("JPY", 20_000L), Map.entry("USD", 150_000L));
        assertThat(config.confirm().aboveAmount("usd")).isEqualTo(150_000L);
        assertThat(config.confirm().aboveAmount("EUR")).isNull();
        assertThat(ServerConfig.fromEnvironment(Map.of()).confirm().aboveAmount()).isEmpty();
        for (String bad : new String[] {"USD", "USD=-5", "DOLLARS=100", "USD=1,USD=2", "USD=ten"}) {
            assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("CONFIRM_ABOVE_AMOUNT", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("CONFIRM_ABOVE_AMOUNT", "USD")))
                .hasMessageContaining("CONFIRM_ABOVE_AMOUNT");
    }

    @Test
    void theApprovalPolicyListsTheAmounts() {
        Reply policy = admin.get("/api/v1/approval-policy");
        assertThat(policy.status()).isEqualTo(200);
        assertThat(policy.body().get("confirmAboveAmount").toString())
                .isEqualTo("[{\"currency\":\"EUR\",\"amount\":80000},{\"currency\":\"USD\",\"amount\":100000}]");
        assertThat(maria.get("/api/v1/approval-policy").status()).as("approvers do not read the policy").isEqualTo(403);
    }

    @Test
    void eachPreviewCarriesTheAmountOfItsOrdersCurrency() {
        for (String[] currency : new String[][] {{"USD", "100000"}, {"EUR", "80000"}, {"JPY", "null"}}) {
            String player = "confirm-" + currency[0].toLowerCase();
            assertThat(admin.post("/api/v1/players", Map.of("id", player, "username", player, "currency", currency[0]))
                    .status()).isEqualTo(201);
            Reply order = admin.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", player, "amount", 5_000,
                    "currency", currency[0], "source", Map.of("channel", "PORTAL")));
            assertThat(order.status()).as(order.text()).isEqualTo(201);
            Reply preview = maria.get("/api/v1/orders/" + order.at("/id") + "/preview");
            assertThat(preview.status()).isEqualTo(200);
            assertThat(preview.body().get("confirmAboveAmount").toString()).as(currency[0]).isEqualTo(currency[1]);
        }
    }
}
