package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import teller.server.ServerCore;
import teller.server.support.TestServer;
import teller.ui.api.OrderView;

/**
 * The real console window, headless (Monocle), against a real server-core: sign in through the
 * connect screen, work the queue with mouse and keys, and see the server's answer on screen.
 */
@ExtendWith(ApplicationExtension.class)
class ApprovalQueueScreenTest {
    private static final long WAIT_SECONDS = 30;
    static ServerCore server;
    static Seed seed;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
        seed = new Seed(server);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        TestConsole.show(stage, server);
        // The primary stage keeps whatever size an earlier test class left; this class decides at a desktop
        // size. At 1024x700 its approve and reject flows fail today (issue 16's small-window work, see the note).
        stage.setWidth(1400);
        stage.setHeight(1000);
    }

    private void signIn(FxRobot robot, boolean withEnterKey) {
        robot.clickOn("#remoteMode");
        robot.clickOn("#serverUrl");
        robot.interact(() -> robot.lookup("#serverUrl").queryAs(javafx.scene.control.TextField.class).clear());
        robot.write(server.baseUrl());
        robot.clickOn("#username").write("admin");
        robot.clickOn("#password").write(TestServer.ADMIN_PASSWORD);
        if (withEnterKey) {
            robot.type(KeyCode.ENTER);
        } else {
            robot.clickOn("#connect");
        }
        openQueue(robot);
    }

    /** The console opens on the dashboard; the queue is one click away in the navigation. */
    private void openQueue(FxRobot robot) {
        waitUntil(() -> robot.lookup("#nav-queue").match(ApprovalQueueScreenTest::onStage).tryQuery().isPresent(),
                "the console opens");
        // The button of this session's shell: a signed-out session's nodes may linger in the lookup, off stage.
        robot.clickOn(robot.lookup("#nav-queue").match(ApprovalQueueScreenTest::onStage).queryAs(Node.class));
        waitUntil(() -> robot.lookup("#queueTable").tryQuery().isPresent(), "the queue screen opens");
    }

    private static boolean onStage(Node node) {
        return node.getScene() != null && node.getScene().getWindow() != null && node.getScene().getWindow().isShowing();
    }

    private TableRow<?> rowOf(FxRobot robot, String orderId) {
        waitUntil(() -> robot.lookup(".table-row-cell").queryAll().stream()
                .anyMatch(n -> n instanceof TableRow<?> r && r.getItem() instanceof OrderView o && o.id().equals(orderId)),
                "order " + orderId + " is listed");
        return robot.lookup(".table-row-cell").queryAll().stream()
                .filter(n -> n instanceof TableRow<?> r && r.getItem() instanceof OrderView o && o.id().equals(orderId))
                .map(n -> (TableRow<?>) n).findFirst().orElseThrow();
    }

    /** Read on the FX thread: the card's labels change together there (balance, available) and are read so. */
    private static String text(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        return FxWait.fx(() -> ((Label) node).getText());
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
    }

    @Test
    void approvingADepositFromTheQueueShowsTheNewBalance(FxRobot robot) {
        seed.player("ui-dep", "screen.player", 40_00);
        String deposit = seed.order("DEPOSIT", "ui-dep", 25_00, null);
        signIn(robot, false);

        robot.clickOn(FxWait.firstCell(rowOf(robot, deposit)));
        waitUntil(() -> "$40.00".equals(text(robot, "#playerBalance")), "the detail pane shows the current balance");
        assertThat(text(robot, "#execStatus")).isEqualTo("Waiting for review");
        robot.type(KeyCode.A);

        waitUntil(() -> "Approved, done".equals(text(robot, "#outcomeTitle")), "the outcome is shown");
        waitUntil(() -> "$65.00".equals(text(robot, "#playerBalance")), "the detail pane shows the new balance");
        assertThat(text(robot, "#playerAvailable")).isEqualTo("$65.00");
        assertThat(text(robot, "#execStatus")).isEqualTo("Approved, done");
        assertThat(robot.lookup("#approveButton").queryAs(Button.class).isDisabled()).isTrue();
        TableView<?> table = robot.lookup("#queueTable").queryAs(TableView.class);
        assertThat(table.getItems()).noneMatch(item -> ((OrderView) item).id().equals(deposit));
        assertThat(seed.balance("ui-dep")).isEqualTo(65_00);
    }

    @Test
    void rejectingNeedsAReasonAndShowsTheRejection(FxRobot robot) {
        seed.player("ui-rej", "reject.screen", 0);
        String deposit = seed.order("DEPOSIT", "ui-rej", 15_00, null);
        signIn(robot, true);

        robot.clickOn(FxWait.firstCell(rowOf(robot, deposit)));
        waitUntil(() -> "$0.00".equals(text(robot, "#playerBalance")), "the order is open");
        robot.clickOn("#rejectButton");

        waitUntil(() -> robot.lookup("#confirmReject").tryQuery().isPresent(), "the reject dialog opens");
        Button confirm = robot.lookup("#confirmReject").queryAs(Button.class);
        assertThat(confirm.isDisabled()).as("no reason yet").isTrue();
        robot.clickOn("#rejectReason").write("   ");
        assertThat(confirm.isDisabled()).as("a blank reason is no reason").isTrue();
        robot.write("payment not received");
        assertThat(confirm.isDisabled()).isFalse();
        robot.clickOn(confirm);

        waitUntil(() -> "Rejected".equals(text(robot, "#outcomeTitle")), "the rejection is shown");
        assertThat(text(robot, "#outcomeMessage")).contains("payment not received");
        assertThat(seed.status(deposit)).isEqualTo("REJECTED");
    }

    @Test
    void enterOnTheModeChoiceConnectsLocallyAndSignOutReturnsToTheConnectScreen(FxRobot robot) {
        robot.clickOn("#localMode");
        robot.type(KeyCode.ENTER);

        waitUntil(() -> robot.lookup("#dashboardUpdated").tryQuery().isPresent(), "the console opens on the dashboard");
        openQueue(robot);
        assertThat(text(robot, "#connection")).isEqualTo("Local · admin");

        robot.clickOn("#signOut");

        waitUntil(() -> robot.lookup("#connect").tryQuery().isPresent(), "the connect screen is back");
        assertThat(text(robot, "#error")).as("the server confirmed the sign-out").isEmpty();
    }
}
