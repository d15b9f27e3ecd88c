package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.app.FxWait.until;

import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Labeled;
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
import teller.ui.common.IdLinks;

/**
 * Every id shown opens what it names (issue #13), in the real console against a real server: from
 * the decision card to the player's card, from the card's recent orders to the order's case, from
 * the case's postings to the ledger transaction.
 */
@ExtendWith(ApplicationExtension.class)
class IdLinksScreenTest {
    static ServerCore server;
    static ApiClient admin;
    static String executed;
    static String pending;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(b -> b.sandboxProviders(true));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        ApiClient clerk = admin.newOperator("links-clerk", "APPROVER");
        assertThat(admin.post("/api/v1/players", Map.of("id", "links-p1", "username", "Links Rosa", "currency", "USD"))
                .status()).isEqualTo(201);
        executed = clerk.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", "links-p1", "amount", 4_000,
                "currency", "USD")).at("/id");
        assertThat(admin.post("/api/v1/orders/" + executed + "/approve", Map.of()).at("/status")).isEqualTo("APPROVED_EXECUTED");
        pending = clerk.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", "links-p1", "amount", 1_000,
                "currency", "USD")).at("/id");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        stage.setWidth(1280);
        stage.setHeight(900);
        TestConsole.show(stage, server);
    }

    private static boolean onStage(Node node) {
        return node.getScene() != null && node.getScene().getWindow() != null && node.getScene().getWindow().isShowing()
                && node.isVisible();
    }

    private static String text(FxRobot robot, String query) {
        return FxWait.fx(() -> robot.lookup(query).match(IdLinksScreenTest::onStage).tryQuery()
                .map(n -> ((Labeled) n).getText()).orElse(""));
    }

    private static Hyperlink link(FxRobot robot, String screenId, String id) {
        until(() -> robot.lookup((Node n) -> n instanceof Hyperlink h && (screenId + ":" + id).equals(h.getUserData())
                && onStage(n)).tryQuery().isPresent(), "a link to " + screenId + " " + id + " shows");
        return robot.lookup((Node n) -> n instanceof Hyperlink h && (screenId + ":" + id).equals(h.getUserData())
                && onStage(n)).queryAs(Hyperlink.class);
    }

    private static void openTab(FxRobot robot, String title) {
        robot.clickOn(robot.lookup(".tab-pane .tab").match(IdLinksScreenTest::onStage)
                .match(n -> n.lookup(".tab-label") instanceof Labeled l && title.equals(l.getText())).queryAs(Node.class));
    }

    @Test
    void fromTheCardToThePlayerToTheOrdersCaseToItsLedgerTransaction(FxRobot robot) {
        FxWait.signInRemote(robot, server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        FxWait.openScreen(robot, "queue");
        until(() -> robot.lookup("#queueTable").tryQuery().isPresent(), "the queue opens");
        robot.clickOn("#playerFilter").write("links-p1").type(KeyCode.ENTER);
        until(() -> text(robot, "#detailSubtitle").startsWith("Order #" + pending), "the pending order is on the card");
        assertThat(link(robot, IdLinks.PLAYER, "links-p1")).as("the list's player is a link").isNotNull();

        robot.clickOn("#openPlayerLink");
        until(() -> text(robot, "#cardTitle").contains("links-p1"), "the player's card opens");

        openTab(robot, "Recent orders");
        robot.clickOn(link(robot, IdLinks.ORDER, executed));
        until(() -> text(robot, "#caseTitle").contains("Order #" + executed), "the order's case opens");

        openTab(robot, "Postings");
        String transaction = admin.get("/api/v1/orders/" + executed).body().path("ledgerTransactionIds").get(0).asText();
        robot.clickOn(link(robot, IdLinks.TRANSACTION, transaction));
        until(() -> text(robot, "#transactionTitle").contains(transaction), "the ledger shows the transaction");
    }
}
