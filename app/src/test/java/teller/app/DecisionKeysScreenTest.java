package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.app.FxWait.fx;
import static teller.app.FxWait.shows;
import static teller.app.FxWait.text;
import static teller.app.FxWait.until;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import teller.server.ServerCore;
import teller.server.approval.ConfirmSettings;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;
import teller.ui.api.OrderView;

/**
 * Deciding with the keyboard and the mouse in the real console against a real server (issue 16):
 * the reject dialog's keys and words, the list keeping the focus after a decision by mouse, the
 * outcome banner pinned above the card, and one confirmation, naming the risk, before approving an
 * order above CONFIRM_ABOVE_AMOUNT, while an ordinary order stays at one key.
 */
@ExtendWith(ApplicationExtension.class)
class DecisionKeysScreenTest {
    private static final AtomicInteger PLAYERS = new AtomicInteger();
    static ServerCore server;
    static ApiClient admin;
    private Stage stage;
    private double widthBefore;
    private double heightBefore;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(b -> b.confirm(ConfirmSettings.fromEnvironment(
                Map.of("CONFIRM_ABOVE_AMOUNT", "USD=100000")::get)));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        admin.newOperator("maria", "APPROVER");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        widthBefore = stage.getWidth();
        heightBefore = stage.getHeight();
        TestConsole.show(stage, server);
        stage.setWidth(1280);
        stage.setHeight(900);
    }

    /** The primary stage outlives this class: later tests get it back at the size it had. */
    @AfterEach
    void giveTheStageBack(FxRobot robot) {
        robot.interact(() -> {
            if (widthBefore > 0 && heightBefore > 0) {
                stage.setWidth(widthBefore);
                stage.setHeight(heightBefore);
            }
        });
    }

    private static String player() {
        String id = "keys-" + PLAYERS.incrementAndGet();
        assertThat(admin.post("/api/v1/players", Map.of("id", id, "username", id, "currency", "USD")).status()).isEqualTo(201);
        return id;
    }

    private static String order(String player, long amount) {
        Reply created = admin.post("/api/v1/orders", new HashMap<>(Map.of("type", "DEPOSIT", "playerId", player,
                "amount", amount, "currency", "USD", "source", Map.of("channel", "PORTAL"))));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.at("/id");
    }

    private static String status(String orderId) {
        return admin.get("/api/v1/orders/" + orderId).at("/status");
    }

    private static void openQueueFor(FxRobot robot, String player, String first) {
        FxWait.signInRemote(robot, server.baseUrl(), "maria", "maria-password-1");
        FxWait.openScreen(robot, "queue");
        until(() -> robot.lookup("#queueTable").tryQuery().isPresent(), "the queue opens");
        robot.clickOn("#playerFilter").write(player).type(KeyCode.ENTER);
        until(() -> !rows(robot).isEmpty() && rows(robot).stream().allMatch(o -> o.playerId().equals(player)),
                "the queue shows only " + player + "'s orders");
        robot.type(KeyCode.ESCAPE);
        until(() -> selected(robot, first) && !fx(() -> robot.lookup("#approveButton").queryAs(Button.class).isDisabled()),
                "order " + first + " is open and may be approved");
    }

    private static List<OrderView> rows(FxRobot robot) {
        TableView<?> table = robot.lookup("#queueTable").queryAs(TableView.class);
        return fx(() -> table.getItems().stream().map(OrderView.class::cast).toList());
    }

    private static boolean selected(FxRobot robot, String orderId) {
        TableView<?> table = robot.lookup("#queueTable").queryAs(TableView.class);
        return fx(() -> table.getSelectionModel().getSelectedItem() instanceof OrderView o && o.id().equals(orderId))
                && text(robot, "#detailSubtitle").startsWith("Order #" + orderId);
    }

    private Node focused() {
        return fx(() -> stage.getScene().getFocusOwner());
    }

    @Test
    void theRejectDialogIsWorkedWithTheKeysAndSaysThePlayerSeesTheReason(FxRobot robot) {
        String player = player();
        String deposit = order(player, 15_00);
        openQueueFor(robot, player, deposit);

        robot.type(KeyCode.R);
        until(() -> robot.lookup("#rejectReason").tryQuery().isPresent(), "the reject dialog opens");
        assertThat(shows(robot, "#rejectReasonSeen")).as("the note stays in view").isTrue();
        assertThat(text(robot, "#rejectReasonSeen")).contains("player sees this reason");
        assertThat(shows(robot, "#rejectReasonRequired")).isTrue();
        TextArea reason = robot.lookup("#rejectReason").queryAs(TextArea.class);
        robot.clickOn(reason).write("Amount differs from the receipt");
        assertThat(shows(robot, "#rejectReasonRequired")).as("the 'required' message goes once typed").isFalse();

        robot.type(KeyCode.TAB);
        until(() -> fx(() -> reason.getScene().getFocusOwner() != reason), "Tab leaves the field");
        assertThat(fx(() -> reason.getText())).as("no tab typed").isEqualTo("Amount differs from the receipt");
        robot.clickOn(reason);
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        until(() -> "REJECTED".equals(status(deposit)), "Ctrl+Enter rejects");
        assertThat(admin.get("/api/v1/orders/" + deposit).at("/rejectionReason")).isEqualTo("Amount differs from the receipt");
    }

    @Test
    void aDecisionByMouseLeavesTheFocusOnTheListAndTheBannerIsPinnedAboveTheCard(FxRobot robot) {
        String player = player();
        String first = order(player, 5_00);
        String second = order(player, 6_00);
        String third = order(player, 7_00);
        openQueueFor(robot, player, first);

        robot.clickOn("#approveButton");
        until(() -> "APPROVED_EXECUTED".equals(status(first)), "the click approves without a confirmation");
        until(() -> selected(robot, second), "the next order is selected");
        until(() -> "Approved, done".equals(text(robot, "#outcomeTitle")), "the outcome shows");
        Node banner = robot.lookup("#outcomeBox").query();
        ScrollPane card = robot.lookup("#detailScroll").queryAs(ScrollPane.class);
        assertThat(fx(() -> isInside(banner, card))).as("the banner is outside the card's scroll pane").isFalse();
        robot.interact(() -> card.setVvalue(1));
        assertThat(fx(() -> banner.localToScene(banner.getBoundsInLocal()).getMinY()
                < card.localToScene(card.getBoundsInLocal()).getMinY())).as("and stays above it").isTrue();
        assertThat(focused()).as("the list keeps the focus").isSameAs(robot.lookup("#queueTable").query());
        robot.type(KeyCode.DOWN);
        until(() -> selected(robot, third), "the arrows still move in the list");
    }

    @Test
    void anOrderAboveConfirmAboveAmountAsksOnceNamingTheAmountAndEnterCancels(FxRobot robot) {
        String player = player();
        String big = order(player, 1_500_00);
        openQueueFor(robot, player, big);

        robot.type(KeyCode.A);
        until(() -> robot.lookup("#confirmRiskyApproval").tryQuery().isPresent(), "a confirmation opens");
        Node risk = robot.lookup(".approval-risk").query();
        assertThat(fx(() -> ((javafx.scene.control.Label) risk).getText()))
                .isEqualTo("$1,500.00 is above $1,000.00: larger approvals are confirmed.");
        until(() -> fx(() -> robot.lookup("#confirmRiskyApproval").query().getScene().getFocusOwner() instanceof Button b
                && "Cancel".equals(b.getText())), "it opens on Cancel");
        robot.type(KeyCode.ENTER);
        until(() -> robot.lookup("#confirmRiskyApproval").tryQuery().isEmpty(), "Enter cancels");
        assertThat(status(big)).isEqualTo("PENDING_REVIEW");

        robot.type(KeyCode.A);
        until(() -> robot.lookup("#confirmRiskyApproval").tryQuery().isPresent(), "it asks again");
        robot.type(KeyCode.A);
        until(() -> "APPROVED_EXECUTED".equals(status(big)), "A, A approves");
    }

    private static boolean isInside(Node node, Node ancestor) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }
}
