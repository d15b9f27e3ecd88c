package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
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
import teller.server.support.ApiClient;
import teller.server.support.TestServer;
import teller.ui.api.OrderView;

/**
 * The console keeps its queue live: an order entered through the API by someone else appears
 * without pressing refresh, an order decided elsewhere leaves it, and a raised fraud flag pops up
 * a notice on whatever screen is shown, and the dashboard counts a new order at once. Real window
 * (Monocle), real server, real event stream.
 */
@ExtendWith(ApplicationExtension.class)
class LiveQueueScreenTest {
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
    }

    private void signInAndWaitForTheStream(FxRobot robot) {
        FxWait.signInRemote(robot, server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        FxWait.live(robot);
        FxWait.openScreen(robot, "queue");
        waitUntil(() -> robot.lookup("#queueTable").tryQuery().isPresent(), "the queue screen opens");
        // The first load is done and the stream is open: from here on only a live update can add a row.
        waitUntil(() -> !robot.lookup("#refresh").queryAs(Button.class).isDisabled(), "the queue is loaded");
    }

    private static boolean listed(FxRobot robot, String orderId) {
        TableView<?> table = robot.lookup("#queueTable").queryAs(TableView.class);
        return table.getItems().stream().anyMatch(item -> ((OrderView) item).id().equals(orderId));
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
    }

    @Test
    void orderCreatedThroughTheApiAppearsAndAnOrderDecidedElsewhereLeavesWithoutRefresh(FxRobot robot) {
        seed.player("live-p1", "live.player", 0);
        String decidedElsewhere = seed.order("DEPOSIT", "live-p1", 5_00, null);
        signInAndWaitForTheStream(robot);
        assertThat(listed(robot, decidedElsewhere)).isTrue();

        ApiClient portal = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "DEPOSIT");
        body.put("playerId", "live-p1");
        body.put("amount", 12_34);
        body.put("currency", "USD");
        body.put("source", Map.of("channel", "PORTAL"));
        ApiClient.Reply created = portal.post("/api/v1/orders", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String orderId = created.at("/id");

        waitUntil(() -> listed(robot, orderId), "the new order is listed without a refresh");

        ApiClient.Reply rejected = portal.post("/api/v1/orders/" + decidedElsewhere + "/reject",
                Map.of("reason", "duplicate"));
        assertThat(rejected.status()).as(rejected.text()).isEqualTo(200);
        waitUntil(() -> !listed(robot, decidedElsewhere), "the order rejected elsewhere leaves the queue");
        assertThat(listed(robot, orderId)).isTrue();
    }

    @Test
    void raisedFraudFlagPopsUpANoticeWhateverScreenIsShown(FxRobot robot) {
        FxWait.signInRemote(robot, server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        FxWait.live(robot);
        assertThat(FxWait.text(robot, "#screenTitle")).as("the console starts on the dashboard").isEqualTo("Dashboard");
        // The fraud engine writes FLAG_RAISED to the outbox; here the row is written as it would be.
        server.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO outbox_events (event_type, aggregate_type, aggregate_id, payload)
                VALUES ('FLAG_RAISED', 'FRAUD_FLAG', '41',
                        '{"flagId":"41","playerId":"p-1","orderId":"777","rule":"DUPLICATE_PROOF","points":50}'::jsonb)"""));
        waitUntil(() -> FxWait.noticeShows(robot, "DUPLICATE_PROOF flag on order #777 of player p-1 (+50 points)"),
                "the notice names the flag");
    }


    @Test
    void theDashboardCountsAnOrderEnteredElsewhereWithoutWaitingForItsMinuteRefresh(FxRobot robot) {
        seed.player("live-dash", "live.dash", 0);
        FxWait.signInRemote(robot, server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        FxWait.live(robot);
        waitUntil(() -> robot.lookup("#dashboardUpdated").tryQuery()
                .map(n -> ((javafx.scene.control.Label) n).getText().startsWith("Updated ")).orElse(false),
                "the dashboard is loaded");
        String before = FxWait.text(robot, "#kpi-pendingTotal");
        int expected = Integer.parseInt(before) + 1;

        seed.order("DEPOSIT", "live-dash", 9_00, null);

        waitUntil(() -> String.valueOf(expected).equals(FxWait.text(robot, "#kpi-pendingTotal")),
                "the pending total goes from " + before + " to " + expected + " by itself");
    }
}
