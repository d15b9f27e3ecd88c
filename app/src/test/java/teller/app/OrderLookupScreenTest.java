package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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
import teller.server.support.TestServer;
import teller.ui.api.OrderCaseApi;
import teller.ui.api.OrderView;
import teller.ui.lookup.OrderLookupViewModel;

/**
 * Order lookup in the real console window against a real server: a supervisor opens a voided game
 * load by id (Enter) and reads its case — the history, the postings with the reversal, the one
 * execution attempt and the audit trail — then finds the player's orders by filter.
 */
@ExtendWith(ApplicationExtension.class)
class OrderLookupScreenTest {
    static ServerCore server;
    static String load;
    static String reversal;

    static String executed;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(b -> b.sandboxProviders(true));
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        ApiClient clerk = admin.newOperator("lookup-clerk", "APPROVER");
        admin.newOperator("lookup-supervisor", "SUPERVISOR");
        assertThat(admin.post("/api/v1/players", Map.of("id", "lookup-p1", "username", "Lookup Rey", "currency", "USD"))
                .status()).isEqualTo(201);
        String deposit = clerk.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", "lookup-p1", "amount", 8_000,
                "currency", "USD")).at("/id");
        assertThat(admin.post("/api/v1/orders/" + deposit + "/approve", Map.of("note", "ok")).status()).isEqualTo(200);
        load = clerk.post("/api/v1/orders", Map.of("type", "GAME_LOAD", "playerId", "lookup-p1", "amount", 1_200,
                "currency", "USD", "gameName", "pusoy")).at("/id");
        assertThat(admin.post("/api/v1/orders/" + load + "/approve", Map.of("note", "ok")).at("/status"))
                .isEqualTo("APPROVED_EXECUTED");
        reversal = admin.post("/api/v1/orders/" + load + "/void", Map.of("reason", "wrong game")).at("/reversalTransactionId");
        assertThat(reversal).isNotNull();
        executed = clerk.post("/api/v1/orders", Map.of("type", "GAME_LOAD", "playerId", "lookup-p1", "amount", 900,
                "currency", "USD", "gameName", "pusoy")).at("/id");
        assertThat(admin.post("/api/v1/orders/" + executed + "/approve", Map.of("note", "ok")).at("/status"))
                .isEqualTo("APPROVED_EXECUTED");
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
    void aSupervisorOpensAVoidedOrdersCaseByIdAndFindsThePlayersOrders(FxRobot robot) {
        FxWait.signInRemote(robot, server.baseUrl(), "lookup-supervisor", "lookup-supervisor-password-1");
        FxWait.openScreen(robot, "order-lookup");
        FxWait.until(() -> FxWait.shows(robot, "#orderIdField"), "Order lookup opens");
        robot.clickOn("#orderIdField").write(load);
        robot.type(KeyCode.ENTER);
        FxWait.until(() -> FxWait.text(robot, "#caseTitle").contains("Order #" + load), "the case opens");
        assertThat(FxWait.text(robot, "#caseTitle")).contains("Voided", "player lookup-p1");
        assertThat(FxWait.fx(() -> robot.lookup("#caseVoidButton").query().isDisabled())).isTrue();
        assertThat(FxWait.text(robot, "#caseVoidReason")).contains("only an executed order (APPROVED_EXECUTED) can be voided");

        TableView<OrderLookupViewModel.Posting> postings = robot.lookup("#postingTable").queryAs(TableView.class);
        assertThat(FxWait.fx(() -> postings.getItems().stream().anyMatch(p -> p.transactionId().equals(reversal))))
                .as("the reversal's legs are among the postings").isTrue();
        assertThat(FxWait.fx(() -> postings.getItems().stream().mapToLong(OrderLookupViewModel.Posting::amount).sum()))
                .isZero();
        TableView<OrderCaseApi.Attempt> attempts = robot.lookup("#attemptTable").queryAs(TableView.class);
        assertThat(FxWait.fx(() -> attempts.getItems().size())).isEqualTo(1);
        TableView<OrderCaseApi.AuditRow> audit = robot.lookup("#auditTable").queryAs(TableView.class);
        assertThat(FxWait.fx(() -> audit.getItems().stream().anyMatch(a -> a.action().contains("VOID")))).isTrue();
        TableView<OrderView.HistoryEntry> history = robot.lookup("#historyTable").queryAs(TableView.class);
        assertThat(FxWait.fx(() -> history.getItems().stream().anyMatch(h -> "VOIDED".equals(h.toStatus())))).isTrue();

        robot.interact(() -> robot.lookup("#orderIdField").queryAs(TextField.class).clear());
        robot.clickOn("#playerField").write("lookup-p1");
        robot.clickOn("#searchButton");
        TableView<OrderView> orders = robot.lookup("#orderTable").queryAs(TableView.class);
        FxWait.until(() -> FxWait.fx(() -> orders.getItems().size() == 3), "the player's orders are listed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSupervisorVoidsAnExecutedOrderFromItsCaseWithAReason(FxRobot robot) {
        FxWait.signInRemote(robot, server.baseUrl(), "lookup-supervisor", "lookup-supervisor-password-1");
        FxWait.openScreen(robot, "order-lookup");
        FxWait.until(() -> FxWait.shows(robot, "#orderIdField"), "Order lookup opens");
        robot.clickOn("#orderIdField").write(executed);
        robot.type(KeyCode.ENTER);
        FxWait.until(() -> FxWait.text(robot, "#caseTitle").contains("Order #" + executed)
                && !FxWait.fx(() -> robot.lookup("#caseVoidButton").query().isDisabled()), "the executed case offers Void");

        robot.clickOn("#caseVoidButton");
        FxWait.until(() -> robot.lookup("#voidReason").tryQuery().isPresent(), "the void dialog asks the reason");
        robot.clickOn("#voidReason").write("duplicate load");
        robot.clickOn("#confirmVoid");

        FxWait.until(() -> FxWait.text(robot, "#caseTitle").contains("VOIDED"), "the case reloads as VOIDED");
        assertThat(FxWait.text(robot, "#caseMessage")).contains("Order " + executed + " voided");
        TableView<OrderLookupViewModel.Posting> postings = robot.lookup("#postingTable").queryAs(TableView.class);
        FxWait.until(() -> FxWait.fx(() -> postings.getItems().stream().anyMatch(p -> p.kind().contains("REVERSAL")
                || p.kind().contains("VOID"))), "the reversal's legs are among the postings");
        assertThat(FxWait.fx(() -> postings.getItems().stream().mapToLong(OrderLookupViewModel.Posting::amount).sum()))
                .isZero();
        assertThat(FxWait.text(robot, "#caseVoidReason")).contains("is VOIDED");
    }
}
