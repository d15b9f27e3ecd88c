package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.app.FxWait.shows;
import static teller.app.FxWait.text;
import static teller.app.FxWait.until;

import com.fasterxml.jackson.databind.JsonNode;
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
import teller.ui.api.ApprovalPolicyApi.Cap;
import teller.ui.api.OperatorsApi;

/**
 * Approval caps on the Operators screen, in the real window (headless) against a real server: an
 * administrator sets a cap through the dialog with the keyboard, the server holds it, audits it and
 * refuses the capped operator an approval above it; changing and removing work the same way.
 */
@ExtendWith(ApplicationExtension.class)
class ApprovalCapsScreenTest {
    private static final String CLERK = "cap.clerk";
    private static final String CLERK_PASSWORD = "cap-clerk-password-1";
    static ServerCore server;
    static Seed seed;
    static ApiClient admin;
    static String clerkId;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
        seed = new Seed(server);
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        Reply created = admin.post("/api/v1/operators", Map.of("username", CLERK, "password", CLERK_PASSWORD,
                "roles", List.of("APPROVER")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        clerkId = created.at("/id");
        seed.player("cap-player", "cap.player", 0);
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
    void anAdministratorSetsACapWithTheKeyboardAndTheServerRefusesApprovalsAboveIt(FxRobot robot) {
        openClerk(robot);
        robot.clickOn("#addCap");
        until(() -> shows(robot, "#capDialog"), "the cap dialog opens");
        robot.clickOn("#capCurrency").write("usd");
        robot.clickOn("#capAmount").write("50.005");
        robot.type(KeyCode.ENTER);
        until(() -> shows(robot, "#capAmountError"), "the amount's problem is shown");
        assertThat(text(robot, "#capAmountError")).isEqualTo("Maximum amount: USD has 2 decimals; 50.005 has more.");
        assertThat(shows(robot, "#capDialog")).as("the dialog stays open").isTrue();

        robot.interact(() -> robot.lookup("#capAmount").queryAs(TextField.class).clear());
        robot.clickOn("#capAmount").write("50.00");
        robot.type(KeyCode.ENTER);
        until(() -> !shows(robot, "#capDialog"), "the dialog closes once the server took the cap");
        until(() -> capsShown(robot).equals(List.of(new Cap(clerkId, "USD", 50_00))), "the table shows the cap");
        assertThat(text(robot, "#capsNotice")).isEqualTo("cap.clerk may approve up to $50.00 per order.");

        assertThat(serverCaps()).as("the server holds it").containsExactly("USD=5000");
        ApiClient clerk = ApiClient.signedIn(server.baseUrl(), CLERK, CLERK_PASSWORD);
        String above = seed.order("DEPOSIT", "cap-player", 50_01, null);
        Reply refused = clerk.post("/api/v1/orders/" + above + "/approve", Map.of());
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.at("/error/code")).isEqualTo("APPROVAL_CAP_EXCEEDED");
        assertThat(seed.status(above)).isEqualTo("PENDING_REVIEW");
        String within = seed.order("DEPOSIT", "cap-player", 50_00, null);
        assertThat(clerk.post("/api/v1/orders/" + within + "/approve", Map.of()).at("/status"))
                .isEqualTo("APPROVED_EXECUTED");

        JsonNode audited = admin.get("/api/v1/audit?action=APPROVAL_CAP_SET&resourceId=" + clerkId).body().get("items");
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0).at("/actorId").asText()).as("by the administrator")
                .isEqualTo(admin.get("/api/v1/me").at("/id"));
        assertThat(audited.get(0).toString()).contains("\"after\":5000").contains("\"currency\":\"USD\"");
    }

    @Test
    void aCapIsChangedFromTheTableWithEnterEscapeCancelsAndRemovingAsksFirst(FxRobot robot) {
        assertThat(admin.send("PUT", "/api/v1/operators/" + clerkId + "/approval-caps/JPY", "{\"amountMax\":20000}",
                Map.of()).status()).isEqualTo(200);
        openClerk(robot);
        FxWait.select(robot, "#capsTable", Cap.class, c -> c.currency().equals("JPY"), "the yen cap");
        robot.type(KeyCode.ENTER);
        until(() -> shows(robot, "#capDialog"), "Enter on the row opens the dialog");
        assertThat(text(robot, "#capAmount")).isEqualTo("20000");
        assertThat(robot.lookup("#capCurrency").queryAs(TextField.class).isEditable()).as("the currency stays").isFalse();
        robot.type(KeyCode.ESCAPE);
        until(() -> !shows(robot, "#capDialog"), "Escape closes the dialog");
        assertThat(serverCaps()).as("nothing sent").contains("JPY=20000");

        robot.clickOn("#editCap");
        until(() -> shows(robot, "#capDialog"), "the dialog opens again");
        robot.interact(() -> robot.lookup("#capAmount").queryAs(TextField.class).clear());
        robot.clickOn("#capAmount").write("35000");
        robot.clickOn("#capSave");
        until(() -> capsShown(robot).contains(new Cap(clerkId, "JPY", 35_000)), "the table shows the new amount");
        assertThat(serverCaps()).contains("JPY=35000");

        FxWait.select(robot, "#capsTable", Cap.class, c -> c.currency().equals("JPY"), "the yen cap");
        robot.clickOn("#removeCap");
        until(() -> shows(robot, "#confirmOk"), "removing asks first");
        robot.clickOn("#confirmOk");
        until(() -> capsShown(robot).stream().noneMatch(c -> c.currency().equals("JPY")), "the cap is gone");
        assertThat(serverCaps()).noneMatch(c -> c.startsWith("JPY"));
    }

    /** Once signed in (Local = admin): opens the Operators screen and selects the capped clerk. */
    private static void openClerk(FxRobot robot) {
        FxWait.openScreen(robot, "operators");
        until(() -> shows(robot, "#operatorTable"), "the operators screen shows");
        FxWait.select(robot, "#operatorTable", OperatorsApi.Operator.class, o -> o.username().equals(CLERK), "the clerk");
        until(() -> text(robot, "#selectedOperator").startsWith(CLERK), "the clerk is selected");
        until(() -> shows(robot, "#addCap") && !robot.lookup("#capsCard").query().isDisabled(), "the caps are editable");
    }

    @SuppressWarnings("unchecked")
    private static List<Cap> capsShown(FxRobot robot) {
        TableView<Cap> table = robot.lookup("#capsTable").queryAs(TableView.class);
        return FxWait.fx(() -> List.copyOf(table.getItems()));
    }

    /** The clerk's caps as the server holds them, as {@code CUR=amountMax}. */
    private static List<String> serverCaps() {
        Reply policy = admin.get("/api/v1/approval-policy");
        assertThat(policy.status()).isEqualTo(200);
        List<String> caps = new java.util.ArrayList<>();
        policy.body().get("caps").forEach(cap -> {
            if (cap.get("operatorId").asText().equals(clerkId)) {
                caps.add(cap.get("currency").asText() + "=" + cap.get("amountMax").asLong());
            }
        });
        return caps;
    }
}
