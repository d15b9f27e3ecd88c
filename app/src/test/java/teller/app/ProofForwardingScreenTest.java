package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
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
import org.testfx.util.WaitForAsyncUtils;
import teller.server.ServerCore;
import teller.server.proof.ProofFixtures;
import teller.server.support.ApiClient;
import teller.server.support.FakeTelegram;
import teller.server.support.TestServer;
import teller.server.telegram.TelegramSettings;
import teller.ui.api.ProofForwardApi;

/**
 * The proof forwarding screen in the real console window (Monocle) against a real server whose
 * Telegram is a fake Bot API: a failed forward is listed with its attempts and error, a supervisor
 * re-queues it with the Q key and it gets sent; a viewer sees the same list but cannot re-queue.
 */
@ExtendWith(ApplicationExtension.class)
class ProofForwardingScreenTest {
    private static final long WAIT_SECONDS = 30;
    private static final String TOKEN = "777:screen-test-token";
    static FakeTelegram telegram;
    static ServerCore server;
    static ApiClient admin;
    static String failedForAdmin;
    static String failedForViewer;

    @BeforeAll
    static void startServer() {
        telegram = new FakeTelegram(TOKEN);
        server = TestServer.start(b -> b.telegram(TelegramSettings.defaults()
                .withBot(telegram.baseUrl(), TOKEN, "-100777", null, Map.of())
                .withRetries(1, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofSeconds(3), Duration.ofMillis(50))));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        assertThat(admin.post("/api/v1/operators", Map.of("username", "screen-viewer", "password", "viewer-password-1",
                "roles", List.of("VIEWER"))).status()).isEqualTo(201);
        telegram.failNextSends(new FakeTelegram.Failure(500, "Internal Server Error", null),
                new FakeTelegram.Failure(500, "Internal Server Error", null));
        failedForAdmin = depositWithProof("screen-1", 1);
        failedForViewer = depositWithProof("screen-2", 2);
        waitUntil(() -> "FAILED".equals(status(failedForAdmin)) && "FAILED".equals(status(failedForViewer)),
                "both forwards failed");
    }

    @AfterAll
    static void stopServer() {
        server.close();
        telegram.close();
    }

    private static String depositWithProof(String player, long seed) {
        assertThat(admin.post("/api/v1/players", Map.of("id", player, "username", player, "currency", "USD")).status())
                .isEqualTo(201);
        var created = admin.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", player, "amount", 1_500,
                "currency", "USD", "source", Map.of("channel", "PORTAL"),
                "proofImage", ProofFixtures.base64(ProofFixtures.image("png", 10, 10, seed))));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.at("/id");
    }

    private static String status(String orderId) {
        return admin.get("/api/v1/orders/" + orderId).at("/proof/forwarding/status");
    }

    @Start
    void start(Stage stage) {
        TestConsole.show(stage, server);
    }

    private void openScreenAs(FxRobot robot, String username, String password) {
        robot.clickOn("#remoteMode");
        robot.clickOn("#serverUrl");
        robot.interact(() -> robot.lookup("#serverUrl").queryAs(TextField.class).clear());
        robot.write(server.baseUrl());
        robot.clickOn("#username").write(username);
        robot.clickOn("#password").write(password);
        robot.clickOn("#connect");
        waitUntil(() -> robot.lookup("#nav-proof-forwards").tryQuery()
                .filter(n -> n.getScene() != null && n.isVisible()).isPresent(), "the navigation lists the screen");
        robot.clickOn("#nav-proof-forwards");
        waitUntil(() -> robot.lookup("#forwardTable").tryQuery().isPresent(), "the proof forwarding screen opens");
    }

    private static TableRow<?> rowOf(FxRobot robot, String orderId, String status) {
        BooleanSupplier listed = () -> robot.lookup(".table-row-cell").queryAll().stream()
                .anyMatch(n -> n instanceof TableRow<?> r && r.getItem() instanceof ProofForwardApi.Forward f
                        && f.orderId().equals(orderId) && f.status().equals(status));
        waitUntil(listed, "order " + orderId + " is listed as " + status);
        return robot.lookup(".table-row-cell").queryAll().stream()
                .filter(n -> n instanceof TableRow<?> r && r.getItem() instanceof ProofForwardApi.Forward f
                        && f.orderId().equals(orderId))
                .map(n -> (TableRow<?>) n).findFirst().orElseThrow();
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
    }

    @Test
    void aSupervisorSeesTheFailedForwardAndReQueuesItWithTheQKey(FxRobot robot) {
        openScreenAs(robot, "admin", TestServer.ADMIN_PASSWORD);
        TableRow<?> row = rowOf(robot, failedForAdmin, "FAILED");
        ProofForwardApi.Forward failed = (ProofForwardApi.Forward) row.getItem();
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("gave up after 1 attempts: TELEGRAM_HTTP_500: Internal Server Error");
        Button requeue = robot.lookup("#requeueButton").queryAs(Button.class);
        assertThat(requeue.isDisabled()).as("nothing selected yet").isTrue();

        robot.clickOn(row);
        waitUntil(() -> !requeue.isDisabled(), "a failed forward can be re-queued");
        robot.type(KeyCode.Q);

        waitUntil(() -> robot.lookup("#message").queryAs(Label.class).getText().contains("is QUEUED again"),
                "the re-queue is confirmed");
        waitUntil(() -> "SENT".equals(status(failedForAdmin)), "the forwarder sends it");
        robot.type(KeyCode.F5);
        rowOf(robot, failedForAdmin, "SENT");
        assertThat(telegram.sendsOf(Long.parseLong(failedForAdmin))).hasSize(2);
    }

    @Test
    void aNewForwardAndItsProgressShowWithoutARefresh(FxRobot robot) {
        openScreenAs(robot, "admin", TestServer.ADMIN_PASSWORD);
        FxWait.live(robot);
        waitUntil(() -> robot.lookup("#forwardTable").queryAs(javafx.scene.control.TableView.class).getItems().size() >= 2,
                "the first load lists the failed forwards");

        // Entered after the list loaded and never refreshed by hand: only live updates can list it,
        // first as waiting (or already sent) and then as SENT once the forwarder is through.
        String arrived = depositWithProof("screen-3", 3);
        rowOf(robot, arrived, "SENT");
        assertThat(telegram.sendsOf(Long.parseLong(arrived))).hasSize(1);
    }

    @Test
    void aViewerSeesTheListButCannotReQueue(FxRobot robot) {
        openScreenAs(robot, "screen-viewer", "viewer-password-1");
        robot.clickOn(FxWait.firstCell(rowOf(robot, failedForViewer, "FAILED")));
        Button requeue = robot.lookup("#requeueButton").queryAs(Button.class);
        assertThat(requeue.isDisabled()).isTrue();
        robot.type(KeyCode.Q);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status(failedForViewer)).isEqualTo("FAILED");
        assertThat(robot.lookup("#error").queryAs(Label.class).getText()).isEmpty();
    }
}
