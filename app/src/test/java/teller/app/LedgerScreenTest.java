package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;
import teller.ui.api.LedgerApi;
import teller.ui.api.PlayersApi;

/**
 * The Ledger screen in the real console window against a real server: an auditor finds a wallet,
 * reads its entries with the running balance (a voided game load and its reversal), opens the
 * reversal's legs, and Verify says the books balance. With {@code -Dteller.screenshots=DIR} it
 * writes {@code DIR/ledger.png}.
 */
@ExtendWith(ApplicationExtension.class)
class LedgerScreenTest {
    static ServerCore server;
    static String reversal;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(b -> b.sandboxProviders(true));
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        ApiClient clerk = admin.newOperator("ledger-clerk", "APPROVER");
        admin.newOperator("ledger-auditor", "AUDITOR");
        assertThat(admin.post("/api/v1/players", Map.of("id", "ledger-p1", "username", "Ledger Paz", "currency", "USD"))
                .status()).isEqualTo(201);
        String deposit = clerk.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", "ledger-p1", "amount", 10_000,
                "currency", "USD")).at("/id");
        assertThat(admin.post("/api/v1/orders/" + deposit + "/approve", Map.of("note", "ok")).status()).isEqualTo(200);
        String load = clerk.post("/api/v1/orders", Map.of("type", "GAME_LOAD", "playerId", "ledger-p1", "amount", 2_500,
                "currency", "USD", "gameName", "pusoy")).at("/id");
        assertThat(admin.post("/api/v1/orders/" + load + "/approve", Map.of("note", "ok")).at("/status"))
                .isEqualTo("APPROVED_EXECUTED");
        Reply voided = admin.post("/api/v1/orders/" + load + "/void", Map.of("reason", "wrong game"));
        assertThat(voided.status()).as(voided.text()).isEqualTo(200);
        reversal = voided.at("/reversalTransactionId");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        TestConsole.show(stage, server);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAuditorReadsAWalletsRunningBalanceOpensAReversalsLegsAndVerifies(FxRobot robot) throws Exception {
        FxWait.signInRemote(robot, server.baseUrl(), "ledger-auditor", "ledger-auditor-password-1");
        FxWait.openScreen(robot, "ledger");
        FxWait.until(() -> FxWait.shows(robot, "#codeFilter"), "the Ledger screen opens");
        robot.clickOn("#codeFilter").write("player:ledger-p1");

        TableView<LedgerApi.Account> accounts = robot.lookup("#accountTable").queryAs(TableView.class);
        FxWait.until(() -> FxWait.fx(() -> accounts.getItems().size() == 1), "the wallet is the only match");
        robot.interact(() -> accounts.getSelectionModel().select(0));

        TableView<PlayersApi.StatementLine> entries = robot.lookup("#entryTable").queryAs(TableView.class);
        FxWait.until(() -> FxWait.fx(() -> entries.getItems().stream().anyMatch(l -> l.transactionId().equals(reversal))),
                "the deposit, the game load and its reversal are listed");
        assertThat(FxWait.fx(() -> entries.getItems().size())).isEqualTo(3);
        PlayersApi.StatementLine reversed = FxWait.fx(() -> entries.getItems().stream()
                .filter(l -> l.transactionId().equals(reversal)).findFirst().orElseThrow());
        assertThat(reversed.balanceAfter()).isEqualTo(10_000);
        assertThat(FxWait.fx(() -> entries.getItems().get(0).balanceAfter())).isEqualTo(10_000);

        robot.interact(() -> entries.getSelectionModel().select(reversed));
        FxWait.until(() -> FxWait.text(robot, "#transactionTitle").contains("Transaction #" + reversal),
                "the reversal's legs open");
        TableView<LedgerApi.Leg> legs = robot.lookup("#legTable").queryAs(TableView.class);
        assertThat(FxWait.fx(() -> legs.getItems().stream().mapToLong(LedgerApi.Leg::amount).sum())).isZero();
        assertThat(FxWait.text(robot, "#transactionTitle")).contains("reverses #")
                .as("the kind and status in words (issue 16)").contains("Reversal · Posted").doesNotContain("REVERSAL");

        Button verify = robot.lookup("#verifyButton").queryAs(Button.class);
        assertThat(verify.isDisabled()).isFalse();
        robot.clickOn(verify);
        FxWait.until(() -> FxWait.text(robot, "#verifyResult").startsWith("Balanced"), "verify answers");

        String dir = System.getProperty("teller.screenshots");
        if (dir != null) {
            Scene scene = robot.lookup("#codeFilter").queryAs(TextField.class).getScene();
            Screenshot.write(scene, Path.of(dir).resolve("ledger.png"));
        }
    }
}
