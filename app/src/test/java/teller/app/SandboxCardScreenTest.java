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
import javafx.scene.control.Button;
import javafx.scene.control.Label;
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
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;
import teller.ui.api.OrderView;
import teller.ui.common.MoneyFormat;

/**
 * The decision card on a server with SANDBOX providers, as {@code --demo} runs (issue #12): the app
 * bar and the card say SANDBOX for an order that executes through one; an AUDITOR sees the card
 * read-only with the reason; a SUPERVISOR takes over another operator's claim from the card and
 * decides the order, which an APPROVER cannot.
 */
@ExtendWith(ApplicationExtension.class)
class SandboxCardScreenTest {
    private static final AtomicInteger PLAYERS = new AtomicInteger();
    static ServerCore server;
    static ApiClient admin;
    static ApiClient juan;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(b -> b.sandboxProviders(true));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        admin.newOperator("maria", "APPROVER");
        admin.newOperator("sara", "SUPERVISOR");
        admin.newOperator("ana", "AUDITOR");
        juan = admin.newOperator("juan", "APPROVER");
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

    /** A player with $100.00 (a deposit juan approved) and a pending $20.00 game load entered by admin. */
    private static String[] playerWithGameLoad() {
        String player = "sbx-" + PLAYERS.incrementAndGet();
        assertThat(admin.post("/api/v1/players", Map.of("id", player, "username", player, "currency", "USD")).status())
                .isEqualTo(201);
        String deposit = order("DEPOSIT", player, 100_00);
        assertThat(juan.post("/api/v1/orders/" + deposit + "/approve", Map.of()).at("/status")).isEqualTo("APPROVED_EXECUTED");
        return new String[] {player, order("GAME_LOAD", player, 20_00)};
    }

    private static String order(String type, String player, long amount) {
        Map<String, Object> body = new HashMap<>(Map.of("type", type, "playerId", player, "amount", amount, "currency",
                "USD", "source", Map.of("channel", "PORTAL")));
        if (type.equals("GAME_LOAD")) {
            body.put("gameName", "pusoy");
        }
        Reply created = admin.post("/api/v1/orders", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.at("/id");
    }

    private static void openQueueFor(FxRobot robot, String username, String player) {
        FxWait.signInRemote(robot, server.baseUrl(), username, username + "-password-1");
        FxWait.openScreen(robot, "queue");
        until(() -> robot.lookup("#queueTable").tryQuery().isPresent(), "the queue opens");
        robot.clickOn("#playerFilter").write(player).type(KeyCode.ENTER);
        until(() -> !rows(robot).isEmpty() && rows(robot).stream().allMatch(o -> o.playerId().equals(player)),
                "the queue shows only " + player + "'s orders");
        robot.type(KeyCode.ESCAPE);
    }

    private static List<OrderView> rows(FxRobot robot) {
        TableView<?> table = robot.lookup("#queueTable").queryAs(TableView.class);
        return fx(() -> table.getItems().stream().map(OrderView.class::cast).toList());
    }

    private static boolean showsOrder(FxRobot robot, String orderId) {
        return shows(robot, "#detailSubtitle") && text(robot, "#detailSubtitle").startsWith("Order #" + orderId);
    }

    private static boolean disabled(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).queryAs(Button.class).isDisabled());
    }

    private static String claimer(String orderId) {
        return admin.get("/api/v1/orders/" + orderId).at("/claimedBy/username");
    }

    @Test
    void aGameLoadThroughASandboxProviderSaysSandboxInTheAppBarAndOnTheCard(FxRobot robot) {
        String[] arranged = playerWithGameLoad();
        String gameLoad = arranged[1];
        assertThat(juan.post("/api/v1/orders/" + gameLoad + "/claim", Map.of()).status()).isEqualTo(200);
        openQueueFor(robot, "maria", arranged[0]);

        until(() -> showsOrder(robot, gameLoad) && shows(robot, "#cardSandbox"), "the card says SANDBOX");
        assertThat(text(robot, "#cardSandbox")).isEqualTo("SANDBOX");
        assertThat(fx(() -> robot.lookup("#cardSandbox").queryAs(Label.class).getTooltip().getText()))
                .contains("sandbox").contains("moves no real money");
        assertThat(shows(robot, "#sandboxBadge")).as("the app bar says SANDBOX too").isTrue();
        until(() -> text(robot, "#claimNotice").contains("being reviewed by juan"), "juan's claim shows");
        assertThat(shows(robot, "#takeOverButton")).as("an APPROVER cannot take a claim over").isFalse();
        assertThat(disabled(robot, "#approveButton")).isTrue();
        assertThat(text(robot, "#approveReason")).contains("being reviewed by juan").doesNotContain("take it over");
    }

    @Test
    void anAuditorSeesTheCardAndTheSandboxBadgeButNoCommandsAndMakesNoClaim(FxRobot robot) {
        String[] arranged = playerWithGameLoad();
        String gameLoad = arranged[1];
        openQueueFor(robot, "ana", arranged[0]);

        until(() -> showsOrder(robot, gameLoad) && shows(robot, "#cardSandbox"), "the auditor's card shows the order");
        until(() -> !text(robot, "#playerBalance").isEmpty(), "with the player's balance");
        assertThat(text(robot, "#playerBalance")).isEqualTo(MoneyFormat.format(100_00, "USD"));
        assertThat(disabled(robot, "#approveButton")).isTrue();
        assertThat(disabled(robot, "#rejectButton")).isTrue();
        assertThat(text(robot, "#decisionsRefused")).contains("AUDITOR").contains("may read the queue but not approve or reject");
        assertThat(shows(robot, "#previewBox")).as("no approval preview for someone who cannot approve").isFalse();
        assertThat(shows(robot, "#takeOverButton")).isFalse();
        robot.type(KeyCode.A);
        robot.type(KeyCode.R);
        assertThat(admin.get("/api/v1/orders/" + gameLoad).at("/status")).isEqualTo("PENDING_REVIEW");
        assertThat(claimer(gameLoad)).as("reading claims nothing").isNull();
    }

    @Test
    void aSupervisorTakesOverAnotherOperatorsClaimFromTheCardAndDecides(FxRobot robot) {
        String[] arranged = playerWithGameLoad();
        String gameLoad = arranged[1];
        assertThat(juan.post("/api/v1/orders/" + gameLoad + "/claim", Map.of()).status()).isEqualTo(200);
        openQueueFor(robot, "sara", arranged[0]);

        until(() -> showsOrder(robot, gameLoad) && text(robot, "#claimNotice").contains("being reviewed by juan"),
                "the card says who holds the claim");
        assertThat(text(robot, "#claimNotice")).matches("This order is being reviewed by juan \\(\\d+ min\\)\\.");
        assertThat(text(robot, "#approveReason")).contains("take it over");
        assertThat(disabled(robot, "#approveButton")).isTrue();
        until(() -> shows(robot, "#takeOverButton"), "a supervisor may take it over");

        robot.clickOn("#takeOverButton");

        until(() -> "sara".equals(claimer(gameLoad)), "sara holds the claim on the server");
        until(() -> !shows(robot, "#claimBar") && !disabled(robot, "#approveButton"), "the card is hers to decide");
        long audited = server.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'ORDER_CLAIM_TAKE_OVER' AND resource_id = :o"
                        + " AND details->'from'->>'username' = 'juan'").bind("o", gameLoad)
                .mapTo(Long.class).one());
        assertThat(audited).as("the take-over is audited, naming whose claim it was").isGreaterThanOrEqualTo(1);
        robot.type(KeyCode.A);
        until(() -> "APPROVED_EXECUTED".equals(admin.get("/api/v1/orders/" + gameLoad).at("/status")),
                "the game load executes through the sandbox");
        until(() -> text(robot, "#outcomeTitle").equals("Approved, done"), "the card shows the outcome");
        assertThat(juan.post("/api/v1/orders/" + gameLoad + "/claim", Map.of()).status())
                .as("decided orders cannot be claimed").isNotEqualTo(200);
    }
}
