package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.app.FxWait.shows;
import static teller.app.FxWait.text;
import static teller.app.FxWait.until;

import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
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
import teller.ui.api.ApprovalPolicyApi.Threshold;
import teller.ui.api.AuditApi;
import teller.ui.api.OperatorsApi;
import teller.ui.api.OrderView;
import teller.ui.api.TellerClient;
import teller.ui.common.FxExecutors;
import teller.ui.ConsoleScreens;
import teller.ui.console.ConsoleWindow;

/**
 * The administrator's screens in the real window (headless) against a real server: operators and
 * API tokens, the audit log, and what a VIEWER does not get.
 */
@ExtendWith(ApplicationExtension.class)
class AdminScreensTest {
    static ServerCore server;
    static Seed seed;
    private Stage stage;

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
        this.stage = stage;
        new ConsoleWindow(ConsoleScreens.ALL, FxExecutors.create(), TellerClient.defaultHttpClient(), null).show(stage);
    }

    @Test
    void anAdministratorCreatesAnOperatorDisablesThemAndSetsANewPassword(FxRobot robot) {
        FxWait.signInRemote(robot, server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        until(() -> shows(robot, "#nav-operators"), "the console opens");
        robot.clickOn("#nav-operators");
        until(() -> shows(robot, "#operatorTable"), "the operators screen shows");

        robot.clickOn("#newUsername").write("new.clerk");
        robot.clickOn("#newPassword").write("short");
        assertThat(text(robot, "#newPasswordHint")).contains("at least 10 characters");
        robot.write("-but-longer-now");
        assertThat(text(robot, "#newPasswordHint")).startsWith("Strong");
        robot.clickOn("#newRole-APPROVER");
        robot.clickOn("#createOperator");
        FxWait.select(robot, "#operatorTable", OperatorsApi.Operator.class, o -> o.username().equals("new.clerk"),
                "the new operator");
        assertThat(text(robot, "#newPassword")).as("the form keeps no password").isEmpty();
        until(() -> text(robot, "#selectedOperator").startsWith("new.clerk · Active"), "the operator is selected");
        assertThat(new ApiClient(server.baseUrl()).post("/api/v1/auth/login",
                Map.of("username", "new.clerk", "password", "short-but-longer-now")).status()).isEqualTo(200);

        // Refused (the username is taken): the form keeps what was typed, and the page does not move.
        double tableY = FxWait.fx(() -> robot.lookup("#operatorTable").query().localToScene(0, 0).getY());
        robot.clickOn("#newUsername").write("new.clerk");
        robot.clickOn("#newPassword").write("kept-after-refusal");
        robot.clickOn("#newRole-VIEWER");
        robot.clickOn("#createOperator");
        until(() -> !text(robot, "#operatorsError").isEmpty(), "the refusal is shown");
        assertThat(text(robot, "#newPassword")).as("the password is kept").isEqualTo("kept-after-refusal");
        assertThat(text(robot, "#newUsername")).isEqualTo("new.clerk");
        assertThat(FxWait.fx(() -> robot.lookup("#operatorTable").query().localToScene(0, 0).getY()))
                .as("the page does not shift").isEqualTo(tableY);

        robot.clickOn("#toggleActive");
        until(() -> shows(robot, "#confirmOk"), "disabling asks first");
        robot.clickOn("#confirmOk");
        until(() -> {
            OperatorsApi.Operator shown = FxWait.item(robot, "#operatorTable", OperatorsApi.Operator.class,
                    o -> o.username().equals("new.clerk"));
            return shown != null && !shown.active();
        }, "the operator shows as disabled");
        until(() -> text(robot, "#selectedOperator").startsWith("new.clerk · Disabled"), "the panel shows it disabled");
        assertThat(new ApiClient(server.baseUrl()).post("/api/v1/auth/login",
                Map.of("username", "new.clerk", "password", "short-but-longer-now")).status()).isEqualTo(401);

        robot.clickOn("#toggleActive");
        until(() -> text(robot, "#selectedOperator").startsWith("new.clerk · Active"), "enabled again");
        robot.clickOn("#resetPassword").write("another-good-passphrase");
        robot.clickOn("#setPassword");
        until(() -> text(robot, "#operatorsNotice").startsWith("New password set for new.clerk"), "the new password is set");
        assertThat(text(robot, "#resetPassword")).isEmpty();
        assertThat(new ApiClient(server.baseUrl()).post("/api/v1/auth/login",
                Map.of("username", "new.clerk", "password", "another-good-passphrase")).status()).isEqualTo(200);
    }

    @Test
    void aNewTokenIsShownOnceWorksAndStopsWorkingWhenRevoked(FxRobot robot) {
        FxWait.signInRemote(robot, server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        until(() -> shows(robot, "#nav-operators"), "the console opens");
        robot.clickOn("#nav-operators");
        until(() -> shows(robot, "#operatorTable"), "the operators screen shows");
        robot.clickOn("API tokens");
        robot.clickOn("#newTokenName").write("player-portal");
        robot.clickOn("#scope-orders-read");
        robot.clickOn("#createToken");

        until(() -> shows(robot, "#newTokenSecret"), "the token dialog opens");
        String secret = text(robot, "#newTokenSecret");
        assertThat(secret).isNotBlank();
        assertThat(new ApiClient(server.baseUrl(), secret).get("/api/v1/orders").status()).as("the token works")
                .isEqualTo(200);
        robot.clickOn("#closeTokenDialog");
        until(() -> !shows(robot, "#newTokenSecret"), "the dialog closes");

        FxWait.select(robot, "#tokenTable", OperatorsApi.ApiToken.class, t -> t.name().equals("player-portal"), "the new token");
        assertThat(textsOnScreen(robot)).as("the secret is shown nowhere any more").noneMatch(t -> t.contains(secret));
        robot.clickOn("#revokeToken");
        until(() -> shows(robot, "#confirmOk"), "revoking asks first");
        robot.clickOn("#confirmOk");
        until(() -> {
            OperatorsApi.ApiToken shown = FxWait.item(robot, "#tokenTable", OperatorsApi.ApiToken.class,
                    t -> t.name().equals("player-portal"));
            return shown != null && !shown.active();
        }, "the token shows as revoked");
        assertThat(new ApiClient(server.baseUrl(), secret).get("/api/v1/orders").status()).isEqualTo(401);
    }

    @Test
    void theAuditLogFiltersByActionAndVerifiesTheChain(FxRobot robot) {
        FxWait.signInRemote(robot, server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        new ApiClient(server.baseUrl()).post("/api/v1/auth/login", Map.of("username", "admin", "password", "nope-nope-nope"));
        until(() -> shows(robot, "#nav-audit"), "the console opens");
        robot.clickOn("#nav-audit");
        until(() -> !robot.lookup("#auditTable").queryAs(TableView.class).getItems().isEmpty(), "the trail loads");

        robot.clickOn("#filterAction").write("login");
        robot.interact(() -> robot.lookup("#filterOutcome").queryAs(javafx.scene.control.ComboBox.class).setValue("FAILURE"));
        robot.clickOn("#searchAudit");
        until(() -> FxWait.fx(() -> {
            List<?> items = robot.lookup("#auditTable").queryAs(TableView.class).getItems();
            return !items.isEmpty() && items.stream().allMatch(i -> ((AuditApi.Entry) i).action().equals("LOGIN")
                    && ((AuditApi.Entry) i).outcome().equals("FAILURE"));
        }), "only failed sign-ins are listed");

        FxWait.select(robot, "#auditTable", AuditApi.Entry.class, e -> true, "a failed sign-in");
        until(() -> text(robot, "#auditDetail").contains("LOGIN → Failed"),
                "the detail shows the entry, not '" + text(robot, "#auditDetail") + "'");
        assertThat(text(robot, "#auditDetail")).contains("wrong password").doesNotContain("nope-nope-nope");
        assertThat(text(robot, "#auditDetail")).as("the operator signed in to is named, not only its id")
                .containsPattern("Resource   OPERATOR admin \\(id \\d+\\)");

        robot.clickOn("#verifyChain");
        until(() -> text(robot, "#verifyResult").startsWith("Chain intact"), "the chain is verified");
    }

    @Test
    void aViewerSeesTheQueueWithDecisionsDisabledAndNoAdministration(FxRobot robot) {
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        assertThat(admin.post("/api/v1/operators", Map.of("username", "just.viewer", "password", "viewer-password-1",
                "roles", List.of("VIEWER"))).status()).isEqualTo(201);
        seed.player("ui-viewer", "viewer.player", 0);
        String deposit = seed.order("DEPOSIT", "ui-viewer", 5_00, null);

        FxWait.signInRemote(robot, server.baseUrl(), "just.viewer", "viewer-password-1");
        FxWait.openScreen(robot, "queue");
        until(() -> shows(robot, "#queueTable"), "the queue opens");
        assertThat(robot.lookup("#nav-operators").tryQuery()).isEmpty();
        assertThat(robot.lookup("#nav-audit").tryQuery()).isEmpty();
        assertThat(robot.lookup("#nav-approval-policy").tryQuery()).isEmpty();
        FxWait.select(robot, "#queueTable", OrderView.class, o -> o.id().equals(deposit), "the deposit");
        until(() -> "Waiting for review".equals(text(robot, "#execStatus")), "the order is open");

        Button approve = robot.lookup("#approveButton").queryAs(Button.class);
        assertThat(approve.isDisabled()).isTrue();
        assertThat(robot.lookup("#rejectButton").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(approve.getTooltip().getText()).contains("VIEWER").contains("APPROVER");
        assertThat(text(robot, "#decisionsRefused")).contains("may read the queue but not approve");
        robot.type(javafx.scene.input.KeyCode.A);
        assertThat(seed.status(deposit)).as("the A key does nothing either").isEqualTo("PENDING_REVIEW");
    }

    /** Every text of every showing window: labels, fields, table cells. */
    private static List<String> textsOnScreen(FxRobot robot) {
        List<String> texts = new java.util.ArrayList<>();
        for (Window window : robot.listTargetWindows()) {
            if (window.getScene() != null) {
                collect(window.getScene().getRoot(), texts);
            }
        }
        return texts;
    }

    private static void collect(Node node, List<String> texts) {
        if (node instanceof Labeled labeled && labeled.getText() != null) {
            texts.add(labeled.getText());
        }
        if (node instanceof TextInputControl input && input.getText() != null) {
            texts.add(input.getText());
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, texts));
        }
    }

    @Test
    void anAuditorReadsTheApprovalPolicyWithoutItsCommands(FxRobot robot) {
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        assertThat(admin.post("/api/v1/operators", Map.of("username", "policy.auditor", "password",
                "auditor-password-1", "roles", List.of("AUDITOR"))).status()).isEqualTo(201);
        assertThat(admin.send("PUT", "/api/v1/approval-policy/dual-approval/EUR", "{\"amountMin\":70000}", Map.of())
                .status()).isEqualTo(200);

        FxWait.signInRemote(robot, server.baseUrl(), "policy.auditor", "auditor-password-1");
        FxWait.openScreen(robot, "approval-policy");
        FxWait.select(robot, "#thresholdTable", Threshold.class, t -> t.currency().equals("EUR"), "the euro threshold");
        assertThat(robot.lookup("#addThreshold").tryQuery()).as("no commands for an auditor").isEmpty();
        assertThat(shows(robot, "#policyReadOnly")).isTrue();

        robot.type(KeyCode.DELETE).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#confirmOk").tryQuery()).as("no confirmation, no dialog").isEmpty();
        assertThat(admin.get("/api/v1/approval-policy").text()).contains("\"EUR\"");
    }
}
