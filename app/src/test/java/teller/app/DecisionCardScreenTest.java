package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.app.FxWait.fx;
import static teller.app.FxWait.shows;
import static teller.app.FxWait.text;
import static teller.app.FxWait.until;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import teller.server.ServerCore;
import teller.server.common.Sha256;
import teller.server.risk.RiskSettings;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;
import teller.ui.api.OrderView;
import teller.ui.common.MoneyFormat;

/**
 * The decision card in the real console window (headless Monocle) against a real server (issue #12):
 * the preview's checks and postings, the proof image with its verified hash, claims seen from a
 * second session, moving on after a decision, a keyboard-only run and the "1 of 2" flow. With
 * {@code -Dteller.screenshots=<dir>} it also writes decision-card.png and claimed-by-other.png.
 */
@ExtendWith(ApplicationExtension.class)
class DecisionCardScreenTest {
    private static final AtomicInteger PLAYERS = new AtomicInteger();
    static ServerCore server;
    static ApiClient admin;
    static ApiClient juan;
    static Stage window;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(b -> b.risk(RiskSettings.none().withKycRequiredForWithdrawal(true)));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        admin.newOperator("maria", "APPROVER");
        juan = admin.newOperator("juan", "APPROVER");
        // Two approvers from $1,000.00.
        assertThat(admin.send("PUT", "/api/v1/approval-policy/dual-approval/USD", "{\"amountMin\":100000}", Map.of())
                .status()).isEqualTo(200);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        window = stage;
        stage.setWidth(1280);
        stage.setHeight(900);
        TestConsole.show(stage, server);
    }

    // ------------------------------------------------------------------ arranging

    /** A player of its own per test, with an opening balance (approved by the system). */
    private static String player(long opening) {
        String id = "card-" + PLAYERS.incrementAndGet();
        assertThat(admin.post("/api/v1/players", Map.of("id", id, "username", id, "currency", "USD")).status()).isEqualTo(201);
        if (opening > 0) {
            String deposit = order("DEPOSIT", id, opening, null);
            assertThat(juan.post("/api/v1/orders/" + deposit + "/approve", Map.of()).at("/status")).isEqualTo("APPROVED_EXECUTED");
        }
        return id;
    }

    /** An order entered by admin (so maria and juan may approve it), optionally with a proof image. */
    private static String order(String type, String player, long amount, byte[] proof) {
        Map<String, Object> body = new HashMap<>(Map.of("type", type, "playerId", player, "amount", amount, "currency",
                "USD", "source", Map.of("channel", "PORTAL")));
        if (type.equals("GAME_LOAD")) {
            body.put("gameName", "pusoy");
        }
        if (proof != null) {
            body.put("proofImage", java.util.Base64.getEncoder().encodeToString(proof));
        }
        Reply created = admin.post("/api/v1/orders", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.at("/id");
    }

    private static String status(String orderId) {
        return admin.get("/api/v1/orders/" + orderId).at("/status");
    }

    /** Signs in as maria, opens the queue and narrows it to {@code player} with the filter bar (typed, Enter). */
    private static void openQueueFor(FxRobot robot, String player) {
        FxWait.signInRemote(robot, server.baseUrl(), "maria", "maria-password-1");
        FxWait.openScreen(robot, "queue");
        until(() -> robot.lookup("#queueTable").tryQuery().isPresent(), "the queue opens");
        robot.clickOn("#playerFilter").write(player).type(KeyCode.ENTER);
        until(() -> rows(robot).stream().allMatch(o -> o.playerId().equals(player)) && !rows(robot).isEmpty(),
                "the queue shows only " + player + "'s orders");
        robot.type(KeyCode.ESCAPE);
    }

    private static List<OrderView> rows(FxRobot robot) {
        TableView<?> table = robot.lookup("#queueTable").queryAs(TableView.class);
        return fx(() -> table.getItems().stream().map(OrderView.class::cast).toList());
    }

    private static OrderView selected(FxRobot robot) {
        TableView<?> table = robot.lookup("#queueTable").queryAs(TableView.class);
        return fx(() -> (OrderView) table.getSelectionModel().getSelectedItem());
    }

    private static boolean showsOrder(FxRobot robot, String orderId) {
        OrderView row = selected(robot);
        return row != null && row.id().equals(orderId) && FxWait.text(robot, "#detailSubtitle").startsWith("Order #" + orderId);
    }

    private static boolean disabled(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).queryAs(Button.class).isDisabled());
    }

    private static List<String> lines(FxRobot robot, String boxQuery) {
        VBox box = robot.lookup(boxQuery).queryAs(VBox.class);
        return fx(() -> box.getChildren().stream().map(n -> ((Label) n).getText()).toList());
    }

    // ------------------------------------------------------------------ the tests

    @Test
    void aBlockedOrderShowsItsReasonAndApproveIsDisabled(FxRobot robot) {
        String player = player(50_00);
        String withdrawal = order("WITHDRAWAL", player, 20_00, null);
        openQueueFor(robot, player);

        until(() -> showsOrder(robot, withdrawal), "the oldest (only) order is selected on opening");
        until(() -> shows(robot, "#check-KYC"), "the preview's checks show");
        assertThat(text(robot, "#check-KYC")).startsWith("✗").contains("KYC status NONE; a withdrawal needs VERIFIED");
        assertThat(disabled(robot, "#approveButton")).isTrue();
        assertThat(disabled(robot, "#rejectButton")).as("rejecting stays possible").isFalse();
        assertThat(text(robot, "#approveReason")).contains("KYC");
        robot.type(KeyCode.A);
        assertThat(status(withdrawal)).as("A does nothing on a blocked order").isEqualTo("PENDING_REVIEW");
    }

    @Test
    void thePostingsPreviewIsWhatTheLedgerHoldsAfterApproving(FxRobot robot) {
        String player = player(0);
        String deposit = order("DEPOSIT", player, 25_00, null);
        openQueueFor(robot, player);
        until(() -> showsOrder(robot, deposit) && !lines(robot, "#postingsList").isEmpty()
                && !disabled(robot, "#approveButton"), "the postings preview shows and Approve is on");
        List<String> previewed = lines(robot, "#postingsList").stream().sorted().toList();

        robot.type(KeyCode.A);
        until(() -> "APPROVED_EXECUTED".equals(status(deposit)), "the deposit is approved");

        List<String> written = server.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT a.code, e.amount FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
                          JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.order_id = :o""")
                .bind("o", Long.parseLong(deposit))
                .map((rs, ctx) -> "POST   " + rs.getString("code") + "   " + MoneyFormat.format(rs.getLong("amount"), "USD"))
                .list()).stream().sorted().toList();
        assertThat(previewed).isNotEmpty().isEqualTo(written);
    }

    @Test
    void theProofImageShowsWithItsVerifiedHashAndZoomsWithSpace(FxRobot robot) throws Exception {
        String player = player(0);
        byte[] png = teller.server.proof.ProofFixtures.image("png", 240, 160, 7);
        String deposit = order("DEPOSIT", player, 12_00, png);
        openQueueFor(robot, player);

        until(() -> showsOrder(robot, deposit) && text(robot, "#proofVerified").startsWith("✓"), "the proof is verified");
        ImageView image = robot.lookup("#proofImage").queryAs(ImageView.class);
        assertThat(fx(() -> image.getImage() != null && image.getImage().getWidth() == 240)).isTrue();
        assertThat(text(robot, "#proofHash")).contains(Sha256.hex(png));
        double fitted = fx(image::getFitWidth);
        robot.type(KeyCode.SPACE);
        until(() -> fx(image::getFitWidth) > fitted, "Space zooms the proof");
        Button rotate = robot.lookup("#rotateProof").queryAs(Button.class);
        robot.interact(rotate::fire); // below the fold of the card: fired as a click would
        assertThat(fx(image::getRotate)).isEqualTo(90.0);
        robot.interact(rotate::fire);
        robot.interact(rotate::fire);
        robot.interact(rotate::fire);
        assertThat(fx(image::getRotate)).isZero();
        long views = server.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'PROOF_VIEWED' AND resource_id = :o").bind("o", deposit)
                .mapTo(Long.class).one());
        assertThat(views).isGreaterThanOrEqualTo(1);
        robot.type(KeyCode.SPACE);
        until(() -> fx(image::getFitWidth) == fitted, "Space zooms back out");
        // Tall enough for the checklist, the postings and the proof in one picture.
        robot.interact(() -> window.setHeight(1300));
        shoot(robot, "decision-card.png");
        // The primary stage outlives this class: later tests get it back at the size they expect.
        robot.interact(() -> window.setHeight(900));
    }

    @Test
    void aSecondSessionSeesTheClaimAndCannotDecide(FxRobot robot) throws Exception {
        String player = player(0);
        String deposit = order("DEPOSIT", player, 30_00, null);
        assertThat(juan.post("/api/v1/orders/" + deposit + "/claim", Map.of()).status()).isEqualTo(200);
        openQueueFor(robot, player);

        until(() -> showsOrder(robot, deposit) && text(robot, "#claimNotice").contains("being reviewed by juan"),
                "the card says juan reviews it");
        assertThat(text(robot, "#claimNotice")).matches("This order is being reviewed by juan \\(\\d+ min\\)\\.");
        assertThat(disabled(robot, "#approveButton")).isTrue();
        assertThat(disabled(robot, "#rejectButton")).isTrue();
        assertThat(text(robot, "#approveReason")).contains("being reviewed by juan");
        Node reviewCell = robot.lookup((Node n) -> n instanceof javafx.scene.control.TableCell<?, ?> cell
                && cell.getText() != null && cell.getText().startsWith("being reviewed by juan")).query();
        assertThat(reviewCell).as("the list says so too").isNotNull();
        assertThat(fx(() -> ((javafx.scene.control.Control) reviewCell).getTooltip().getText()))
                .as("a narrow column cuts the text: the tooltip holds all of it")
                .matches("being reviewed by juan \\(\\d+ min\\)");
        robot.type(KeyCode.A);
        robot.type(KeyCode.R);
        assertThat(status(deposit)).isEqualTo("PENDING_REVIEW");
        shoot(robot, "claimed-by-other.png");

        assertThat(juan.send("DELETE", "/api/v1/orders/" + deposit + "/claim", null, Map.of()).status()).isEqualTo(204);
        until(() -> text(robot, "#claimNotice").isEmpty(), "the release reaches the card live");
    }

    @Test
    void selectingAnOrderClaimsItAndMovingOnReleasesIt(FxRobot robot) {
        String player = player(0);
        String first = order("DEPOSIT", player, 1_00, null);
        String second = order("DEPOSIT", player, 2_00, null);
        openQueueFor(robot, player);
        until(() -> showsOrder(robot, first), "the oldest is selected");
        until(() -> "maria".equals(admin.get("/api/v1/orders/" + first).at("/claimedBy/username")), "maria holds the claim");
        robot.type(KeyCode.J);
        until(() -> showsOrder(robot, second), "J moves down");
        until(() -> "maria".equals(admin.get("/api/v1/orders/" + second).at("/claimedBy/username"))
                && admin.get("/api/v1/orders/" + first).body().path("claimedBy").isNull(), "the claim moved with her");
        robot.type(KeyCode.K);
        until(() -> showsOrder(robot, first), "K moves up");
        Reply taken = juan.post("/api/v1/orders/" + first + "/claim", Map.of());
        assertThat(taken.status()).as("another operator is told who works it").isEqualTo(409);
        assertThat(taken.at("/error/code")).isEqualTo("ORDER_CLAIMED");
    }

    @Test
    void threeOrdersAreDecidedWithTheKeyboardAloneEachDecisionMovingToTheNext(FxRobot robot) {
        String player = player(0);
        List<String> orders = List.of(order("DEPOSIT", player, 5_00, null), order("DEPOSIT", player, 6_00, null),
                order("DEPOSIT", player, 7_00, null));
        openQueueFor(robot, player);

        until(() -> showsOrder(robot, orders.get(0)) && !disabled(robot, "#approveButton"), "the first is ready");
        robot.type(KeyCode.A);
        until(() -> showsOrder(robot, orders.get(1)) && !disabled(robot, "#approveButton"),
                "after a decision the next order is selected");
        assertThat(text(robot, "#outcomeTitle")).isEqualTo("Approved, done");
        assertThat(text(robot, "#outcomeMessage")).contains("#" + orders.get(0));
        robot.type(KeyCode.R);
        until(() -> robot.lookup("#commonReasons").tryQuery().isPresent(), "the reject dialog opens on its usual reasons");
        robot.type(KeyCode.DIGIT1);
        until(() -> showsOrder(robot, orders.get(2)) && !disabled(robot, "#approveButton"), "and on to the third");
        robot.type(KeyCode.A);
        until(() -> "APPROVED_EXECUTED".equals(status(orders.get(2))), "the third is approved");

        assertThat(status(orders.get(0))).isEqualTo("APPROVED_EXECUTED");
        assertThat(status(orders.get(1))).isEqualTo("REJECTED");
        assertThat(admin.get("/api/v1/orders/" + orders.get(1)).at("/rejectionReason")).isEqualTo("Payment not received");
        until(() -> rows(robot).isEmpty(), "the queue of this player is empty");
        assertThat(text(robot, "#orderDecision")).startsWith("Approved by maria");
    }

    @Test
    void aFirstOfTwoApprovalIsASuccessShownAsOneOfTwoAndASecondApproverFinishesIt(FxRobot robot) {
        String player = player(0);
        String big = order("DEPOSIT", player, 1_500_00, null);
        String small = order("DEPOSIT", player, 3_00, null);
        openQueueFor(robot, player);
        until(() -> showsOrder(robot, big) && !disabled(robot, "#approveButton"), "the big deposit is ready");
        until(() -> text(robot, "#approveReason").contains("first of two"), "the card says it takes two");

        robot.type(KeyCode.A);
        until(() -> showsOrder(robot, small), "moved on to the next order");
        assertThat(text(robot, "#outcomeTitle")).isEqualTo("1 of 2 — approved by maria");
        assertThat(text(robot, "#outcomeMessage")).contains("waiting for a second approver");
        assertThat(fx(() -> robot.lookup("#outcomeBox").query().getStyleClass().contains("outcome-partly-approved"))).isTrue();
        OrderView row = rows(robot).stream().filter(o -> o.id().equals(big)).findFirst().orElseThrow();
        assertThat(teller.ui.queue.CardText.review(row, null, java.time.Instant.now())).isEqualTo("1 of 2 — approved by maria");

        robot.type(KeyCode.K);
        until(() -> showsOrder(robot, big) && text(robot, "#approveReason").contains("Another approver"),
                "maria sees why she cannot give the second");
        assertThat(disabled(robot, "#approveButton")).isTrue();
        assertThat(text(robot, "#approvalsLabel")).isEqualTo("1 of 2 — approved by maria");
        assertThat(status(big)).isEqualTo("PENDING_REVIEW");

        robot.type(KeyCode.J); // maria moves on and releases it
        until(() -> showsOrder(robot, small), "moved on");
        until(() -> juan.post("/api/v1/orders/" + big + "/approve", Map.of()).status() == 200, "juan gives the second");
        assertThat(status(big)).isEqualTo("APPROVED_EXECUTED");
    }

    // ------------------------------------------------------------------ screenshots

    private static void shoot(FxRobot robot, String name) throws Exception {
        String dir = System.getProperty("teller.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Screenshot.write(robot.lookup("#queueTable").query().getScene(), Path.of(dir).resolve(name));
    }
}
