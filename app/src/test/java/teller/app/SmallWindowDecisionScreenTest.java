package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.app.FxWait.fx;
import static teller.app.FxWait.until;
import static teller.app.LayoutChecks.outside;

import java.util.List;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
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
import teller.server.support.ApiClient;
import teller.server.support.TestServer;
import teller.ui.api.OrderView;
import teller.ui.console.ConsoleWindow;

/**
 * Deciding from the approval queue in a 1024×700 window (issues 12 and 16), in a stage of its own (TestFX's
 * primary stage keeps its size for the classes after this one): Approve and Reject are on screen, where a
 * click reaches them, whatever the card above them holds (the outcome of the last decision, a long preview,
 * "1 of 2"), and four orders in a row are decided by mouse and by keys.
 */
@ExtendWith(ApplicationExtension.class)
class SmallWindowDecisionScreenTest {
    static ServerCore server;
    static Seed seed;
    private SmallWindow small;
    private Stage stage;
    private ConsoleWindow window;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
        seed = new Seed(server);
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        // Two approvers from $1,000.00: the card of a big order says so above its buttons.
        SmallWindow.twoApproversFrom(admin, 100000);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage primary) {
        small = SmallWindow.open(server);
        stage = small.stage;
        window = small.window;
    }

    @AfterEach
    void closeTheOwnStage(FxRobot robot) {
        small.close(robot);
    }

    /** The queue, narrowed to {@code player}'s orders with the filter bar, its oldest order open on the card. */
    private void openQueueFor(FxRobot robot, String player, String first) {
        small.awaitOpen();
        robot.interact(() -> window.shell().show("queue"));
        until(() -> robot.lookup("#playerFilter").tryQuery().isPresent(), "the queue opens");
        robot.clickOn("#playerFilter").write(player).type(KeyCode.ENTER);
        until(() -> !rows(robot).isEmpty() && rows(robot).stream().allMatch(o -> o.playerId().equals(player)),
                "the queue shows only " + player + "'s orders");
        robot.type(KeyCode.ESCAPE);
        until(() -> approvable(robot, first), "order " + first + " is open and may be approved");
    }

    private static List<OrderView> rows(FxRobot robot) {
        TableView<?> table = robot.lookup("#queueTable").queryAs(TableView.class);
        return fx(() -> table.getItems().stream().map(OrderView.class::cast).toList());
    }

    /** {@code orderId} is selected and shown on the card with its preview, and Reject is enabled. */
    private static boolean ready(FxRobot robot, String orderId) {
        TableView<?> table = robot.lookup("#queueTable").queryAs(TableView.class);
        Button reject = robot.lookup("#rejectButton").queryAs(Button.class);
        VBox checks = robot.lookup("#checksList").queryAs(VBox.class);
        return fx(() -> table.getSelectionModel().getSelectedItem() instanceof OrderView o && o.id().equals(orderId)
                && FxWait.text(robot, "#detailSubtitle").startsWith("Order #" + orderId) && !reject.isDisabled()
                && !checks.getChildren().isEmpty());
    }

    private static boolean approvable(FxRobot robot, String orderId) {
        Button approve = robot.lookup("#approveButton").queryAs(Button.class);
        return ready(robot, orderId) && !fx(approve::isDisabled);
    }

    /**
     * Where {@code node} shows: inside the window and inside the viewport of every scroll pane around it,
     * so that a click on it lands on it; null when it does, else what hides it.
     */
    private static String hidden(Node node) {
        Bounds bounds = node.localToScene(node.getLayoutBounds());
        if (outside(bounds, new BoundingBox(0, 0, node.getScene().getWidth(), node.getScene().getHeight()))) {
            return "outside the window at " + bounds;
        }
        for (Parent parent = node.getParent(); parent != null; parent = parent.getParent()) {
            if (parent instanceof ScrollPane scroll && scroll.getContent() != null) {
                Bounds viewport = scroll.localToScene(scroll.getLayoutBounds());
                if (outside(bounds, viewport)) {
                    return "scrolled out of view at " + bounds + " (the scroll pane shows " + viewport + ")";
                }
            }
        }
        return null;
    }

    private void assertOnScreen(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        assertThat(fx(() -> hidden(node))).as(query + " at 1024×700").isNull();
    }

    @Test
    void ordersAreApprovedAndRejectedByMouseAndByKeysInA1024By700Window(FxRobot robot) {
        String player = "p-fit-" + System.nanoTime() % 100_000;
        seed.player(player, "a.player.with.a.rather.long.username", 5_000_00);
        List<String> orders = List.of(seed.order("DEPOSIT", player, 10_00, null),
                seed.order("WITHDRAWAL", player, 20_00, null), seed.order("DEPOSIT", player, 1_500_00, null),
                seed.order("DEPOSIT", player, 40_00, null), seed.order("WITHDRAWAL", player, 50_00, null));
        openQueueFor(robot, player, orders.get(0));
        assertThat(fx(() -> stage.getScene().getWidth())).isEqualTo(SmallWindow.WIDTH);
        assertThat(fx(() -> stage.getScene().getHeight())).isEqualTo(SmallWindow.HEIGHT);

        // 1. Mouse: Approve.
        assertOnScreen(robot, "#approveButton");
        robot.clickOn("#approveButton");
        until(() -> "APPROVED_EXECUTED".equals(seed.status(orders.get(0))), "the first order is approved by a click");
        until(() -> ready(robot, orders.get(1)), "the next order is open");

        // 2. Mouse: Reject…, a usual reason, Reject — under the first decision's outcome banner.
        assertOnScreen(robot, "#rejectButton");
        robot.clickOn("#rejectButton");
        until(() -> robot.lookup("#commonReasons").tryQuery().isPresent(), "the reject dialog opens");
        robot.type(KeyCode.DIGIT1);
        until(() -> "REJECTED".equals(seed.status(orders.get(1))), "the second order is rejected by clicks");
        until(() -> approvable(robot, orders.get(2)), "the big deposit is open");

        // 3. Mouse: the first of two approvals, with "your approval will be the first of two" above the buttons.
        until(() -> FxWait.text(robot, "#approveReason").contains("first of two"), "the card says it takes two");
        assertOnScreen(robot, "#approveButton");
        robot.clickOn("#approveButton");
        until(() -> approvable(robot, orders.get(3)), "the next order is open after the first of two approvals");
        assertThat(FxWait.text(robot, "#outcomeTitle")).contains("1 of 2");

        // 4. Keys: A approves; 5. R and a digit reject. At most two keys each.
        assertOnScreen(robot, "#approveButton");
        robot.type(KeyCode.A);
        until(() -> "APPROVED_EXECUTED".equals(seed.status(orders.get(3))), "the fourth order is approved by A");
        until(() -> ready(robot, orders.get(4)), "the last order is open");
        robot.type(KeyCode.R);
        until(() -> robot.lookup("#commonReasons").tryQuery().isPresent(), "the reject dialog opens");
        robot.type(KeyCode.DIGIT1);
        until(() -> "REJECTED".equals(seed.status(orders.get(4))), "the last order is rejected by R 1");

        assertThat(seed.status(orders.get(2))).isEqualTo("PENDING_REVIEW");
    }

    @Test
    void ctrl2OpensTheQueueWithTheListFocusedOnTheOldestOrderAndShiftAApprovesWithANote(FxRobot robot) {
        String player = "p-keys-" + System.nanoTime() % 100_000;
        seed.player(player, "keys.player", 0);
        String first = seed.order("DEPOSIT", player, 11_00, null);
        String second = seed.order("DEPOSIT", player, 12_00, null);
        small.awaitOpen();

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        until(() -> robot.lookup("#queueTable").tryQuery().isPresent() && !rows(robot).isEmpty(), "Ctrl+2 opens the queue");
        TableView<?> table = robot.lookup("#queueTable").queryAs(TableView.class);
        until(() -> fx(() -> table.getSelectionModel().getSelectedItem() != null), "an order is selected");
        assertThat(fx(() -> stage.getScene().getFocusOwner())).as("the list has the focus").isSameAs(table);
        assertThat(fx(() -> table.getSelectionModel().getSelectedIndex())).as("the oldest order, first in the list")
                .isZero();
        assertThat(rows(robot)).isSortedAccordingTo(java.util.Comparator.comparing(OrderView::createdAt));

        robot.clickOn("#playerFilter").write(player).type(KeyCode.ENTER);
        until(() -> rows(robot).size() == 2 && rows(robot).stream().allMatch(o -> o.playerId().equals(player)),
                "the queue shows only " + player + "'s orders");
        robot.type(KeyCode.ESCAPE);
        assertThat(fx(() -> stage.getScene().getFocusOwner())).as("Esc returns to the list").isSameAs(table);
        until(() -> approvable(robot, first), "the oldest is open");
        robot.type(KeyCode.J);
        until(() -> approvable(robot, second), "J moves down");
        robot.type(KeyCode.K);
        until(() -> approvable(robot, first), "K moves up");

        robot.press(KeyCode.SHIFT, KeyCode.A).release(KeyCode.A, KeyCode.SHIFT);
        until(() -> robot.lookup("#approveNote").tryQuery().isPresent(), "Shift+A asks for a note");
        // The note field has the focus; a click makes the dialog TestFX's target window for write().
        Node note = robot.lookup("#approveNote").query();
        assertThat(fx(() -> note.getScene().getFocusOwner())).as("the note field has the focus").isSameAs(note);
        robot.clickOn("#approveNote").write("called the player back");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        until(() -> "APPROVED_EXECUTED".equals(seed.status(first)), "approved with the note");
        until(() -> approvable(robot, second), "and on to the next, claimed");
        assertThat(server.services().orders().detail(Long.parseLong(first)).order().approval().note())
                .isEqualTo("called the player back");
        assertThat(FxWait.text(robot, "#outcomeTitle")).isEqualTo("Approved, done");
    }
}
