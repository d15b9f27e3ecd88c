package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
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
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.orders.IntakeRequest;
import teller.server.proof.ProofFixtures;
import teller.server.risk.FraudSettings;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;
import teller.ui.api.FraudFlagView;

/**
 * The Fraud Flags screen in the real console window (Monocle) against a real server-core with the
 * fraud rules on: the flag and its evidence are listed, a supervisor resolves it through the dialog,
 * and an approver sees the Resolve button disabled.
 */
@ExtendWith(ApplicationExtension.class)
class FraudFlagsScreenTest {
    private static final long WAIT_SECONDS = 30;
    private static final Actor PORTAL = new Actor(ActorType.INTEGRATION, "test-portal", "test-portal", "127.0.0.1");
    static ServerCore server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(b -> b.fraud(FraudSettings.defaults()));
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        for (var op : List.of(List.of("clerk", "APPROVER"), List.of("sup", "SUPERVISOR"))) {
            assertThat(admin.post("/api/v1/operators", Map.of("username", op.get(0), "password",
                    op.get(0) + "-password-1", "roles", List.of(op.get(1)))).status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        TestConsole.show(stage, server);
    }

    /** Two deposits of one player with the same proof: the second raises DUPLICATE_PROOF. Returns its order id. */
    private static String duplicateProof(String playerId, long seed) {
        server.services().players().register(playerId, "user-" + playerId, "USD", Actor.system("test"));
        String proof = ProofFixtures.base64(ProofFixtures.image("png", 4, 4, seed));
        String id = null;
        for (int i = 0; i < 2; i++) {
            id = String.valueOf(server.services().intake().submit(new IntakeRequest("DEPOSIT", playerId, 1_000L, "USD",
                    null, "GCASH", "PORTAL", null, proof), null, PORTAL).order().id());
        }
        return id;
    }

    private void signIn(FxRobot robot, String username, String password) {
        signInToQueue(robot, username, password);
        robot.interact(() -> robot.lookup("#nav-fraud").queryAs(javafx.scene.control.ButtonBase.class).fire());
        waitUntil(() -> robot.lookup("#flagsTable").tryQuery().isPresent(), "the fraud flags screen opens");
    }

    private void signInToQueue(FxRobot robot, String username, String password) {
        robot.clickOn("#remoteMode");
        robot.clickOn("#serverUrl");
        robot.interact(() -> robot.lookup("#serverUrl").queryAs(javafx.scene.control.TextField.class).clear());
        robot.write(server.baseUrl());
        robot.clickOn("#username").write(username);
        robot.clickOn("#password").write(password);
        robot.clickOn("#connect");
        // The shell swaps the scene's content when the session opens; wait for the button to be in it.
        waitUntil(() -> robot.lookup("#nav-fraud").tryQuery().filter(n -> n.getScene() != null && n.isVisible())
                .isPresent(), "the console opens");
    }

    @SuppressWarnings("unchecked")
    private static TableView<FraudFlagView> table(FxRobot robot) {
        return robot.lookup("#flagsTable").queryAs(TableView.class);
    }

    private static void selectFlagOf(FxRobot robot, String playerId) {
        waitUntil(() -> table(robot).getItems().stream().anyMatch(f -> f.playerId().equals(playerId)),
                "the flag of " + playerId + " is listed");
        FraudFlagView flag = table(robot).getItems().stream().filter(f -> f.playerId().equals(playerId)).findFirst()
                .orElseThrow();
        robot.interact(() -> {
            table(robot).getSelectionModel().select(flag);
            table(robot).scrollTo(flag);
        });
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
    }

    /** The on-screen link cell of {@code flagsTable} that opens {@code screenId} for {@code id}. */
    private static javafx.scene.control.Hyperlink link(FxRobot robot, String screenId, String id) {
        return robot.lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.Hyperlink h
                && (screenId + ":" + id).equals(h.getUserData()) && h.getScene() != null && h.isVisible())
                .queryAs(javafx.scene.control.Hyperlink.class);
    }

    @Test
    void aFlagLinksToItsPlayerAndItsOrder(FxRobot robot) {
        String order = duplicateProof("ui-fraud-link", 12);
        signIn(robot, "sup", "sup-password-1");
        selectFlagOf(robot, "ui-fraud-link");

        waitUntil(() -> robot.lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.Hyperlink h
                && ("players:ui-fraud-link").equals(h.getUserData())).tryQuery().isPresent(), "the player is a link");
        robot.clickOn(link(robot, teller.ui.common.IdLinks.PLAYER, "ui-fraud-link"));
        waitUntil(() -> robot.lookup("#cardTitle").tryQuery().map(n -> ((Label) n).getText().contains("ui-fraud-link"))
                .orElse(false), "the player's card opens");

        robot.interact(() -> robot.lookup("#nav-fraud").queryAs(javafx.scene.control.ButtonBase.class).fire());
        selectFlagOf(robot, "ui-fraud-link");
        waitUntil(() -> robot.lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.Hyperlink h
                && ("order-lookup:" + order).equals(h.getUserData()) && h.getScene() != null).tryQuery().isPresent(),
                "the order is a link");
        robot.clickOn(link(robot, teller.ui.common.IdLinks.ORDER, order));
        waitUntil(() -> robot.lookup("#caseTitle").tryQuery().map(n -> ((Label) n).getText().contains("Order #" + order))
                .orElse(false), "the order's case opens");
    }

    @Test
    void aSupervisorReadsTheEvidenceAndResolvesTheFlagThroughTheDialog(FxRobot robot) {
        String order = duplicateProof("ui-fraud1", 11);
        signIn(robot, "sup", "sup-password-1");

        selectFlagOf(robot, "ui-fraud1");
        waitUntil(() -> text(robot, "#flagEvidence").startsWith("The same proof image"), "the evidence is shown");
        assertThat(text(robot, "#flagEvidence")).as("a sentence naming the other order").contains("is also on order");
        assertThat(text(robot, "#flagTitle")).isEqualTo("Proof used twice · 50 points · Open");
        assertThat(text(robot, "#flagPlayer")).contains("Player risk: Risky, score 50")
                .containsPattern("raised \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$");
        Button resolve = robot.lookup("#resolveFlag").queryAs(Button.class);
        assertThat(resolve.isDisabled()).isFalse();
        robot.clickOn(resolve);

        waitUntil(() -> robot.lookup("#confirmResolve").tryQuery().isPresent(), "the resolve dialog opens");
        Button confirm = robot.lookup("#confirmResolve").queryAs(Button.class);
        assertThat(confirm.isDisabled()).as("nothing chosen yet").isTrue();
        @SuppressWarnings("unchecked")
        ComboBox<String> resolution = robot.lookup("#resolution").queryAs(ComboBox.class);
        // The dialog opens on its first field (it opened on Cancel: issue 16).
        waitUntil(resolution::isFocused, "the resolution choice has the focus");
        robot.interact(() -> resolution.getSelectionModel().select("FALSE_POSITIVE"));
        assertThat(text(robot, "#resolutionEffect")).startsWith("Closes the flag: the rule tripped on legitimate behaviour");
        assertThat(confirm.isDisabled()).as("no note yet").isTrue();
        robot.clickOn("#resolutionNote").write("the player resent the same receipt");
        assertThat(confirm.isDisabled()).isFalse();
        robot.clickOn(confirm);

        waitUntil(() -> text(robot, "#flagsMessage").contains("resolved as False positive"), "the resolution is shown");
        assertThat(text(robot, "#flagsMessage")).contains("Safe");
        waitUntil(() -> text(robot, "#flagResolution").startsWith("Resolved as False positive by sup at "),
                "who resolved it, by username, in local time");
        var flags = server.services().fraud().flagsOf(Long.parseLong(order));
        assertThat(flags).hasSize(1);
        assertThat(flags.get(0).status().name()).isEqualTo("RESOLVED");
        assertThat(flags.get(0).note()).isEqualTo("the player resent the same receipt");
        // The default filter shows open flags: the resolved one leaves the list.
        waitUntil(() -> table(robot).getItems().stream().noneMatch(f -> f.playerId().equals("ui-fraud1")),
                "the resolved flag leaves the open list");
    }

    @Test
    void aFlagRaisedAndResolvedElsewhereAppearsAndLeavesWithoutARefresh(FxRobot robot) {
        signIn(robot, "sup", "sup-password-1");
        FxWait.live(robot);
        waitUntil(() -> !robot.lookup("#flagsLoading").query().isVisible(), "the first load is done");

        // Raised by the engine after the list loaded: only the live update can bring it in.
        String order = duplicateProof("ui-fraud5", 55);
        waitUntil(() -> table(robot).getItems().stream().anyMatch(f -> f.playerId().equals("ui-fraud5")),
                "the new flag is listed without a refresh");
        waitUntil(() -> FxWait.noticeShows(robot, "DUPLICATE_PROOF flag on order #" + order + " of player ui-fraud5"),
                "the notice names the flag");

        var flag = server.services().fraud().flagsOf(Long.parseLong(order)).get(0);
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        ApiClient.Reply resolved = admin.post("/api/v1/fraud/flags/" + flag.id() + "/resolve",
                Map.of("resolution", "FALSE_POSITIVE", "note", "resolved from another console"));
        assertThat(resolved.status()).as(resolved.text()).isEqualTo(200);
        waitUntil(() -> table(robot).getItems().stream().noneMatch(f -> f.playerId().equals("ui-fraud5")),
                "the flag resolved elsewhere leaves the open list without a refresh");
    }

    @Test
    void anApproverSeesTheFlagButMayNotResolveIt(FxRobot robot) {
        duplicateProof("ui-fraud2", 22);
        signIn(robot, "clerk", "clerk-password-1");

        selectFlagOf(robot, "ui-fraud2");
        waitUntil(() -> text(robot, "#flagEvidence").contains("The same proof image (SHA-256 "), "the evidence is shown");
        // The other order with the same proof is a link that opens it (issue 17).
        waitUntil(() -> robot.lookup("#flagLinks .id-link").queryAll().stream()
                .anyMatch(link -> ((javafx.scene.control.Hyperlink) link).getText().startsWith("order #")), "the other order is a link");
        assertThat(robot.lookup("#resolveFlag").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(text(robot, "#resolveHint")).contains("supervisor");
    }

    @Test
    void theLevelFilterAsksTheServerForThatLevelOnly(FxRobot robot) {
        duplicateProof("ui-fraud3", 33);
        signIn(robot, "sup", "sup-password-1");
        waitUntil(() -> table(robot).getItems().stream().anyMatch(f -> f.playerId().equals("ui-fraud3")), "listed");

        @SuppressWarnings("unchecked")
        ComboBox<String> level = robot.lookup("#flagLevelFilter").queryAs(ComboBox.class);
        robot.interact(() -> level.getSelectionModel().select("SAFE"));
        waitUntil(() -> table(robot).getItems().stream().noneMatch(f -> f.playerId().equals("ui-fraud3")),
                "a RISKY player's flag is not SAFE");
        robot.interact(() -> level.getSelectionModel().select("RISKY"));
        waitUntil(() -> table(robot).getItems().stream().anyMatch(f -> f.playerId().equals("ui-fraud3")),
                "the RISKY filter lists it again");
    }

    @Test
    void theQueuesOrderDetailShowsTheFraudLevelFlagsLimitChecksAndProof(FxRobot robot) {
        String flagged = duplicateProof("ui-fraud4", 44);
        signInToQueue(robot, "admin", TestServer.ADMIN_PASSWORD);
        FxWait.openScreen(robot, "queue");
        waitUntil(() -> robot.lookup("#queueTable").tryQuery().isPresent(), "the queue is shown");

        @SuppressWarnings("unchecked")
        TableView<teller.ui.api.OrderView> queue = robot.lookup("#queueTable").queryAs(TableView.class);
        waitUntil(() -> queue.getItems().stream().anyMatch(o -> o.id().equals(flagged)), "the order is listed");
        robot.interact(() -> queue.getSelectionModel().select(queue.getItems().stream()
                .filter(o -> o.id().equals(flagged)).findFirst().orElseThrow()));

        // The pane first shows the list row, then the full order; a queue refresh may open it once more.
        waitUntil(() -> text(robot, "#riskLevel").startsWith("Player risk: Risky") && text(robot, "#riskLimits").contains("checked")
                && !robot.lookup("#detailLoading").queryAs(javafx.scene.control.ProgressIndicator.class).isVisible(),
                "the full order is shown");
        assertThat(text(robot, "#riskLevel")).contains("score 50").contains("supervisor");
        assertThat(text(robot, "#riskFlags")).startsWith("Proof used twice · 50 points · Open")
                .contains("The same proof image");
        assertThat(text(robot, "#riskLimits")).contains("(checked at entry)").doesNotContain("NO_LIMIT", "intake");
        String sha = server.services().orders().detail(Long.parseLong(flagged)).order().proofSha256();
        assertThat(text(robot, "#riskProof")).contains(sha).contains("forward");
    }
}
