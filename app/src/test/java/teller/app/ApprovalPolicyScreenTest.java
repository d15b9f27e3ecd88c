package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.app.FxWait.shows;
import static teller.app.FxWait.text;
import static teller.app.FxWait.until;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
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
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;
import teller.ui.api.ApprovalPolicyApi.Threshold;

/**
 * The Approval policy screen in the real window (headless) against a real server: an administrator
 * sets the USD dual-approval threshold through the dialog with the keyboard, the server holds and
 * audits it, and it takes effect: an order at the threshold stays pending after its first approval
 * ("1 of 2") while one just below executes at once. Changing and removing work the same way.
 */
@ExtendWith(ApplicationExtension.class)
class ApprovalPolicyScreenTest {
    static ServerCore server;
    static Seed seed;
    static ApiClient admin;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
        seed = new Seed(server);
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        seed.player("policy-player", "policy.player", 0);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        TestConsole.show(stage, server).connectLocal();
    }

    @Test
    void anAdministratorSetsTheUsdThresholdAndAnOrderAtItThenNeedsASecondApprover(FxRobot robot) {
        openPolicy(robot);
        assertThat(text(robot, "#policyExplanation")).contains("two different approvers");
        robot.clickOn("#addThreshold");
        until(() -> shows(robot, "#thresholdDialog"), "the threshold dialog opens");
        robot.clickOn("#thresholdCurrency").write("usd");
        robot.clickOn("#thresholdAmount").write("1000.001");
        robot.type(KeyCode.ENTER);
        until(() -> shows(robot, "#thresholdAmountError"), "the amount's problem is shown");
        assertThat(text(robot, "#thresholdAmountError"))
                .isEqualTo("Two approvers from: USD has 2 decimals; 1000.001 has more.");
        assertThat(shows(robot, "#thresholdDialog")).as("the dialog stays open").isTrue();
        assertThat(serverThresholds()).as("nothing sent").noneMatch(t -> t.startsWith("USD"));

        robot.interact(() -> robot.lookup("#thresholdAmount").queryAs(TextField.class).clear());
        robot.clickOn("#thresholdAmount").write("1000.00");
        robot.type(KeyCode.ENTER);
        until(() -> !shows(robot, "#thresholdDialog"), "the dialog closes once the server took the threshold");
        until(() -> thresholdsShown(robot).contains(new Threshold("USD", 1000_00)), "the table shows it");
        assertThat(text(robot, "#policyNotice")).isEqualTo("USD orders from $1,000.00 need two approvers.");
        assertThat(serverThresholds()).as("the server holds it in cents").contains("USD=100000");

        JsonNode audited = admin.get("/api/v1/audit?action=DUAL_APPROVAL_THRESHOLD_SET&resourceId=USD")
                .body().get("items");
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0).toString()).contains("\"after\":100000").contains("\"before\":null");

        String atThreshold = seed.order("DEPOSIT", "policy-player", 1000_00, null);
        Reply first = admin.post("/api/v1/orders/" + atThreshold + "/approve", Map.of());
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.at("/status")).as("waits for a second approver").isEqualTo("PENDING_REVIEW");
        assertThat(first.at("/approvals/label")).isEqualTo("1 of 2");
        assertThat(seed.status(atThreshold)).isEqualTo("PENDING_REVIEW");
        String below = seed.order("DEPOSIT", "policy-player", 999_99, null);
        Reply single = admin.post("/api/v1/orders/" + below + "/approve", Map.of());
        assertThat(single.at("/status")).as(single.text()).isEqualTo("APPROVED_EXECUTED");
        assertThat(single.at("/approvals/label")).isEqualTo("1 of 1");
    }

    @Test
    void aThresholdIsChangedFromTheTableWithEnterEscapeCancelsAndRemovingAsksFirst(FxRobot robot) {
        Reply set = admin.send("PUT", "/api/v1/approval-policy/dual-approval/JPY", "{\"amountMin\":500000}", Map.of());
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        openPolicy(robot);
        FxWait.select(robot, "#thresholdTable", Threshold.class, t -> t.currency().equals("JPY"), "the yen threshold");
        robot.type(KeyCode.ENTER);
        until(() -> shows(robot, "#thresholdDialog"), "Enter on the row opens the dialog");
        assertThat(text(robot, "#thresholdAmount")).isEqualTo("500000");
        assertThat(robot.lookup("#thresholdCurrency").queryAs(TextField.class).isEditable()).as("the currency stays")
                .isFalse();
        robot.type(KeyCode.ESCAPE);
        until(() -> !shows(robot, "#thresholdDialog"), "Escape closes the dialog");
        assertThat(serverThresholds()).as("nothing sent").contains("JPY=500000");

        robot.clickOn("#editThreshold");
        until(() -> shows(robot, "#thresholdDialog"), "the dialog opens again");
        robot.interact(() -> robot.lookup("#thresholdAmount").queryAs(TextField.class).clear());
        robot.clickOn("#thresholdAmount").write("750000");
        robot.clickOn("#thresholdSave");
        until(() -> thresholdsShown(robot).contains(new Threshold("JPY", 750_000)), "the table shows the new amount");
        assertThat(serverThresholds()).contains("JPY=750000");

        FxWait.select(robot, "#thresholdTable", Threshold.class, t -> t.currency().equals("JPY"), "the yen threshold");
        robot.type(KeyCode.DELETE);
        until(() -> shows(robot, "#confirmOk"), "removing asks first");
        robot.clickOn("#confirmOk");
        until(() -> thresholdsShown(robot).stream().noneMatch(t -> t.currency().equals("JPY")), "the threshold is gone");
        assertThat(serverThresholds()).noneMatch(t -> t.startsWith("JPY"));
        assertThat(text(robot, "#policyNotice")).isEqualTo("JPY orders need one approver at any amount now.");
    }

    /** Once signed in (Local = admin): opens the Approval policy screen with its thresholds loaded. */
    private static void openPolicy(FxRobot robot) {
        FxWait.openScreen(robot, "approval-policy");
        until(() -> shows(robot, "#thresholdTable") && !robot.lookup("#addThreshold").query().isDisabled(),
                "the approval policy screen shows, loaded");
    }

    @SuppressWarnings("unchecked")
    private static List<Threshold> thresholdsShown(FxRobot robot) {
        TableView<Threshold> table = robot.lookup("#thresholdTable").queryAs(TableView.class);
        return FxWait.fx(() -> List.copyOf(table.getItems()));
    }

    /** The thresholds as the server holds them, as {@code CUR=amountMin}. */
    private static List<String> serverThresholds() {
        Reply policy = admin.get("/api/v1/approval-policy");
        assertThat(policy.status()).isEqualTo(200);
        List<String> thresholds = new ArrayList<>();
        policy.body().get("dualApproval").forEach(t -> thresholds.add(t.get("currency").asText() + "="
                + t.get("amountMin").asLong()));
        return thresholds;
    }
}
