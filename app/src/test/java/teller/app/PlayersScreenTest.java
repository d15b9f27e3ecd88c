package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
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
import teller.server.risk.RiskSettings;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;
import teller.ui.api.PlayersApi;
import teller.ui.players.LimitOverrideEditor;

/**
 * The Players screen in the real console window (Monocle) against a real server that requires KYC
 * for withdrawals and runs sandbox providers: a supervisor finds a player by typing, sets KYC from
 * the card and the withdrawal that was refused goes through; a void shows its reversal in the
 * card's statement, live, with the balance restored. With {@code -Dteller.screenshots=DIR} it also
 * writes {@code DIR/players.png}.
 */
@ExtendWith(ApplicationExtension.class)
class PlayersScreenTest {
    static ServerCore server;
    static ApiClient admin;
    static ApiClient clerk;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(b -> b.sandboxProviders(true).risk(RiskSettings.none().withKycRequiredForWithdrawal(true)));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        // Orders are entered by a clerk: nobody approves an order they entered.
        clerk = admin.newOperator("players-clerk", "APPROVER");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        TestConsole.show(stage, server);
    }

    private static void player(String id, String username, long funded) {
        Reply created = admin.post("/api/v1/players", Map.of("id", id, "username", username, "currency", "USD"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String deposit = order("DEPOSIT", id, funded);
        assertThat(admin.post("/api/v1/orders/" + deposit + "/approve", Map.of("note", "funded")).status()).isEqualTo(200);
    }

    private static String order(String type, String playerId, long amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("playerId", playerId);
        body.put("amount", amount);
        body.put("currency", "USD");
        if ("GAME_LOAD".equals(type)) {
            body.put("gameName", "pusoy");
        }
        Reply created = clerk.post("/api/v1/orders", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.at("/id");
    }

    /** The text of the on-stage node {@code query} (an earlier test's window may linger in lookups). */
    private static String text(FxRobot robot, String query) {
        return FxWait.fx(() -> robot.lookup(query).match(PlayersScreenTest::onStage).tryQuery()
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).orElse(""));
    }

    private static <T> T item(FxRobot robot, String tableId, Class<T> type, java.util.function.Predicate<T> match) {
        return FxWait.fx(() -> robot.lookup(tableId).match(PlayersScreenTest::onStage).tryQuery()
                .map(n -> ((javafx.scene.control.TableView<?>) n).getItems().stream().filter(type::isInstance)
                        .map(type::cast).filter(match).findFirst().orElse(null)).orElse(null));
    }

    private static boolean onStage(javafx.scene.Node node) {
        return node.getScene() != null && node.getScene().getWindow() != null && node.getScene().getWindow().isShowing();
    }

    private static void openCard(FxRobot robot, String typed, String playerId) {
        FxWait.signInRemote(robot, server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        FxWait.openScreen(robot, "players");
        FxWait.until(() -> FxWait.shows(robot, "#playerSearch"), "the Players screen opens");
        TextField search = robot.lookup("#playerSearch").match(PlayersScreenTest::onStage).queryAs(TextField.class);
        robot.clickOn(search);
        robot.interact(search::clear);
        robot.write(typed);
        FxWait.until(() -> item(robot, "#playerTable", PlayersApi.Listed.class, p -> p.id().equals(playerId)) != null,
                "typing lists player " + playerId);
        PlayersApi.Listed found = item(robot, "#playerTable", PlayersApi.Listed.class, p -> p.id().equals(playerId));
        javafx.scene.control.TableView<?> table = robot.lookup("#playerTable").match(PlayersScreenTest::onStage)
                .queryAs(javafx.scene.control.TableView.class);
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            var players = (javafx.scene.control.TableView<PlayersApi.Listed>) table;
            players.getSelectionModel().select(found);
        });
        FxWait.until(() -> text(robot, "#cardTitle").contains(playerId), "the card of " + playerId + " opens");
    }

    @Test
    void settingKycFromThePlayerCardLetsAWithdrawalThrough(FxRobot robot) {
        player("kyc-card-1", "Kyc Marisol", 20_000);
        String withdrawal = order("WITHDRAWAL", "kyc-card-1", 5_000);
        Reply refused = admin.post("/api/v1/orders/" + withdrawal + "/approve", Map.of("note", "try"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.text()).contains("KYC");

        openCard(robot, "marisol", "kyc-card-1");
        FxWait.until(() -> text(robot, "#cardAvailable").contains("200.00"), "the card shows the available funds");
        @SuppressWarnings("unchecked")
        ComboBox<String> kyc = robot.lookup("#kycChoice").match(PlayersScreenTest::onStage).queryAs(ComboBox.class);
        Button set = robot.lookup("#setKycButton").match(PlayersScreenTest::onStage).queryAs(Button.class);
        assertThat(set.isDisabled()).as("the current status is chosen").isTrue();
        robot.interact(() -> kyc.setValue("VERIFIED"));
        FxWait.until(() -> !set.isDisabled(), "Set KYC is enabled");
        robot.clickOn(set);
        FxWait.until(() -> text(robot, "#message").contains("KYC of Kyc Marisol is verified"), "KYC is set");
        FxWait.until(() -> text(robot, "#cardStatus").contains("KYC verified"), "the card shows it");

        Reply approved = admin.post("/api/v1/orders/" + withdrawal + "/approve", Map.of("note", "kyc done"));
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.at("/status")).isEqualTo("APPROVED_EXECUTED");
        FxWait.until(() -> text(robot, "#cardBalance").contains("150.00"), "the card follows the withdrawal live");
    }

    @Test
    void aVoidShowsItsReversalInTheStatementLive(FxRobot robot) throws Exception {
        player("void-card-1", "Void Teodoro", 10_000);
        String load = order("GAME_LOAD", "void-card-1", 3_000);
        Reply loaded = admin.post("/api/v1/orders/" + load + "/approve", Map.of("note", "load"));
        assertThat(loaded.at("/status")).as(loaded.text()).isEqualTo("APPROVED_EXECUTED");

        openCard(robot, "void-card", "void-card-1");
        FxWait.live(robot);
        FxWait.until(() -> text(robot, "#cardBalance").contains("70.00"), "the load is on the card");

        Reply voided = admin.post("/api/v1/orders/" + load + "/void", Map.of("reason", "wrong game"));
        assertThat(voided.status()).as(voided.text()).isEqualTo(200);
        String reversal = voided.at("/reversalTransactionId");

        FxWait.until(() -> item(robot, "#statementTable", PlayersApi.StatementLine.class,
                l -> l.transactionId().equals(reversal)) != null, "the reversal is in the statement");
        PlayersApi.StatementLine line = item(robot, "#statementTable", PlayersApi.StatementLine.class,
                l -> l.transactionId().equals(reversal));
        assertThat(line.orderId()).isEqualTo(load);
        assertThat(line.amount()).isEqualTo(-3_000);
        assertThat(line.balanceAfter()).isEqualTo(10_000);
        FxWait.until(() -> text(robot, "#cardBalance").contains("100.00"), "the balance is restored");

        String dir = System.getProperty("teller.screenshots");
        if (dir != null) {
            Scene scene = robot.lookup("#playerSearch").match(PlayersScreenTest::onStage).query().getScene();
            Screenshot.write(scene, Path.of(dir).resolve("players.png"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aVoidFromThePlayersRecentOrdersAsksAReasonAndShowsItsReversalInTheStatement(FxRobot robot) {
        player("void-card-2", "Void Lorna", 10_000);
        String load = order("GAME_LOAD", "void-card-2", 2_500);
        assertThat(admin.post("/api/v1/orders/" + load + "/approve", Map.of("note", "load")).at("/status"))
                .isEqualTo("APPROVED_EXECUTED");

        openCard(robot, "void-card-2", "void-card-2");
        FxWait.until(() -> text(robot, "#cardBalance").contains("75.00"), "the load is on the card");
        Button voidButton = robot.lookup("#voidOrderButton").match(PlayersScreenTest::onStage).queryAs(Button.class);
        assertThat(voidButton.isDisabled()).as("no order chosen yet").isTrue();
        assertThat(text(robot, "#orderVoidReason")).isEqualTo("Choose an order to void.");
        openTab(robot, "Recent orders");
        javafx.scene.control.TableView<teller.ui.api.OrderView> orders = robot.lookup("#orderTable")
                .match(PlayersScreenTest::onStage).queryAs(javafx.scene.control.TableView.class);
        FxWait.until(() -> FxWait.fx(() -> orders.getItems().size() == 2), "both orders are listed");
        robot.interact(() -> orders.getSelectionModel().select(orders.getItems().stream()
                .filter(o -> o.id().equals(load)).findFirst().orElseThrow()));
        FxWait.until(() -> !voidButton.isDisabled(), "Void is on for the executed game load");

        robot.clickOn(voidButton);
        FxWait.until(() -> robot.lookup("#voidReason").match(n -> n instanceof javafx.scene.control.TextArea)
                .tryQuery().isPresent(), "the void dialog asks the reason");
        robot.clickOn(robot.lookup("#voidReason").match(n -> n instanceof javafx.scene.control.TextArea)
                .queryAs(javafx.scene.Node.class)).write("loaded to the wrong game");
        robot.clickOn("#confirmVoid");

        FxWait.until(() -> "VOIDED".equals(admin.get("/api/v1/orders/" + load).at("/status")), "the order is voided");
        String reversal = admin.get("/api/v1/orders/" + load).body().path("ledgerTransactionIds").toString();
        FxWait.until(() -> text(robot, "#message").contains("Order " + load + " voided"), "the card says so");
        FxWait.until(() -> item(robot, "#statementTable", PlayersApi.StatementLine.class,
                l -> load.equals(l.orderId()) && l.amount() == -2_500) != null, "the reversal is in the statement");
        PlayersApi.StatementLine line = item(robot, "#statementTable", PlayersApi.StatementLine.class,
                l -> load.equals(l.orderId()) && l.amount() == -2_500);
        assertThat(reversal).contains(line.transactionId());
        assertThat(line.balanceAfter()).isEqualTo(10_000);
        FxWait.until(() -> text(robot, "#cardBalance").contains("100.00"), "the balance is restored");
        long audited = server.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE resource_id = :o AND details::text LIKE '%loaded to the wrong game%'")
                .bind("o", load).mapTo(Long.class).one());
        assertThat(audited).as("the reason is audited").isGreaterThanOrEqualTo(1);
    }

    private static void openTab(FxRobot robot, String title) {
        robot.clickOn(robot.lookup(".tab-pane .tab").match(PlayersScreenTest::onStage)
                .match(n -> n.lookup(".tab-label") instanceof javafx.scene.control.Labeled l
                        && title.equals(l.getText())).queryAs(javafx.scene.Node.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLimitOverrideIsEditedInTheCheckedAmountDialogAndTheDefaultComesBack(FxRobot robot) {
        player("limit-card-1", "Limit Amparo", 5_000);
        openCard(robot, "limit-card-1", "limit-card-1");
        openTab(robot, "Limits");
        javafx.scene.control.TableView<PlayersApi.Limit> limits = robot.lookup("#limitTable")
                .match(PlayersScreenTest::onStage).queryAs(javafx.scene.control.TableView.class);
        FxWait.until(() -> item(robot, "#limitTable", PlayersApi.Limit.class,
                l -> l.rule().equals("DAILY_DEPOSIT_LIMIT")) != null, "the limits are listed");
        Button change = robot.lookup("#changeLimitButton").match(PlayersScreenTest::onStage).queryAs(Button.class);
        assertThat(change.isDisabled()).isTrue();
        assertThat(text(robot, "#limitReason")).isEqualTo("Choose a limit to change.");
        robot.interact(() -> limits.getSelectionModel().select(limits.getItems().stream()
                .filter(l -> l.rule().equals(LimitOverrideEditor.COOLDOWN_RULE)).findFirst().orElseThrow()));
        FxWait.until(() -> text(robot, "#limitReason").contains("seconds"), "the cooldown is not a money amount");
        robot.interact(() -> limits.getSelectionModel().select(limits.getItems().stream()
                .filter(l -> l.rule().equals("DAILY_DEPOSIT_LIMIT")).findFirst().orElseThrow()));
        FxWait.until(() -> !change.isDisabled(), "Change is on for a money limit");

        robot.clickOn(change);
        FxWait.until(() -> robot.lookup("#limitAmount").tryQuery().isPresent(), "the amount dialog opens");
        TextField amount = robot.lookup("#limitAmount").queryAs(TextField.class);
        robot.interact(() -> amount.setText("12.345"));
        robot.clickOn("#limitSave");
        FxWait.until(() -> FxWait.shows(robot, "#limitAmountError"), "the dialog checks the amount before sending");
        assertThat(FxWait.text(robot, "#limitAmountError")).contains("USD has 2 decimals");
        assertThat(admin.get("/api/v1/players/limit-card-1").body().toString()).doesNotContain("\"override\":1234");
        robot.interact(() -> amount.setText("250"));
        robot.clickOn("#limitSave");
        FxWait.until(() -> robot.lookup("#limitAmount").tryQuery().isEmpty(), "the dialog closes once saved");

        FxWait.until(() -> {
            PlayersApi.Limit daily = item(robot, "#limitTable", PlayersApi.Limit.class,
                    l -> l.rule().equals("DAILY_DEPOSIT_LIMIT"));
            return daily != null && Long.valueOf(25_000).equals(daily.override());
        }, "the card shows the override");
        assertThat(text(robot, "#message")).contains("Daily deposit limit of Limit Amparo changed");
        var overrides = admin.get("/api/v1/players/limit-card-1").body().path("limits");
        assertThat(overrides.toString()).contains("DAILY_DEPOSIT_LIMIT");
        String big = order("DEPOSIT", "limit-card-1", 30_000);
        Reply refused = admin.post("/api/v1/orders/" + big + "/approve", Map.of("note", "over"));
        assertThat(refused.status()).as("the override applies: " + refused.text()).isEqualTo(422);

        robot.interact(() -> limits.getSelectionModel().select(limits.getItems().stream()
                .filter(l -> l.rule().equals("DAILY_DEPOSIT_LIMIT")).findFirst().orElseThrow()));
        Button useDefault = robot.lookup("#defaultLimitButton").match(PlayersScreenTest::onStage).queryAs(Button.class);
        FxWait.until(() -> !useDefault.isDisabled(), "Use default is on for an overridden limit");
        robot.clickOn(useDefault);
        FxWait.until(() -> {
            PlayersApi.Limit daily = item(robot, "#limitTable", PlayersApi.Limit.class,
                    l -> l.rule().equals("DAILY_DEPOSIT_LIMIT"));
            return daily != null && daily.override() == null;
        }, "the default applies again");
        assertThat(admin.post("/api/v1/orders/" + big + "/approve", Map.of("note", "default")).status()).isEqualTo(200);
    }
}
