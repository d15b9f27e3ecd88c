package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.app.FxWait.shows;
import static teller.app.FxWait.text;
import static teller.app.FxWait.until;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.scene.control.PasswordField;
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
import teller.server.events.EventStreamSettings;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;
import teller.ui.api.TellerClient;
import teller.ui.common.FxExecutors;
import teller.ui.ConsoleScreens;
import teller.ui.console.ConsoleWindow;

/**
 * Sign-in and the lock screen in the real window (headless) against a real server: a refused
 * sign-in, the idle lock that drops the session, unlocking back to the same screen, and a session
 * the server ended (noticed on the next call, or by the live event stream with no call at all).
 */
@ExtendWith(ApplicationExtension.class)
class LockScreenTest {
    private static final Duration IDLE_SHORT = Duration.ofSeconds(3);
    private static final Duration IDLE_LONG = Duration.ofMinutes(10);
    private static final String LIVE_SESSIONS = "SELECT count(*) FROM sessions WHERE revoked_at IS NULL";
    static ServerCore server;
    private Stage stage;
    private ConsoleWindow window;

    @BeforeAll
    static void startServer() {
        // A heartbeat a second: the stream notices an ended session within about a second.
        server = TestServer.start(b -> b.events(EventStreamSettings.defaults().withHeartbeat(Duration.ofSeconds(1))));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    /** Each test opens its own window with the idle time it needs (no Local profile: remote sign-in only). */
    private void open(FxRobot robot, Duration idle) {
        open(robot, idle, teller.ui.preferences.Preferences.inMemory());
    }

    private void open(FxRobot robot, Duration idle, teller.ui.preferences.Preferences preferences) {
        robot.interact(() -> {
            window = new ConsoleWindow(ConsoleScreens.ALL, FxExecutors.create(), TellerClient.defaultHttpClient(), null,
                    idle, preferences,
                    teller.ui.about.AboutInfo.unknown());
            window.show(stage);
        });
    }

    @Test
    void aWrongPasswordIsNamedTheFieldEmptiedAndReadyForTheNextTry(FxRobot robot) {
        open(robot, IDLE_LONG);
        FxWait.signInRemote(robot, server.baseUrl(), "admin", "not-the-password");

        until(() -> !text(robot, "#error").isEmpty(), "the refusal is shown");
        assertThat(text(robot, "#error")).startsWith("Wrong username or password");
        assertThat(robot.lookup("#password").queryAs(PasswordField.class).getText()).isEmpty();
        until(() -> robot.lookup("#password").query().isFocused(), "the password field has the focus");

        robot.write(TestServer.ADMIN_PASSWORD).type(KeyCode.ENTER);
        FxWait.openScreen(robot, "queue");
        until(() -> shows(robot, "#queueTable"), "the console opens");
    }

    @Test
    void anIdleConsoleLocksEndsItsSessionAndSigningInAgainReturnsToTheSameScreen(FxRobot robot) {
        // The console opens on the audit screen it remembers: no click is needed after sign-in, so the
        // 3 s idle lock cannot take the screen away under a click on a busy machine (the click found a
        // node already off stage: NPE, scene null).
        teller.ui.preferences.Preferences remembered = teller.ui.preferences.Preferences.inMemory();
        remembered.rememberScreen("audit");
        open(robot, IDLE_SHORT, remembered);
        long logoutsBefore = count("SELECT count(*) FROM audit_log WHERE action = 'LOGOUT'");
        long liveBefore = count(LIVE_SESSIONS);
        FxWait.signInRemote(robot, server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);

        // No input from here on: the console locks by itself.
        until(() -> shows(robot, "#lockPassword"), "the lock screen covers the console");
        assertThat(window.shell()).as("the console and its screens are let go").isNull();
        assertThat(text(robot, "#lockUser")).isEqualTo("admin");
        assertThat(text(robot, "#lockReason")).contains("because of inactivity").contains("without input");
        until(() -> count("SELECT count(*) FROM audit_log WHERE action = 'LOGOUT'") == logoutsBefore + 1,
                "the server was told to end the locked session");
        assertThat(count(LIVE_SESSIONS)).as("the console's session is no longer live").isEqualTo(liveBefore);

        robot.clickOn("#lockPassword").write("a-wrong-password").type(KeyCode.ENTER);
        until(() -> !text(robot, "#lockError").isEmpty(), "the refusal is shown");
        assertThat(text(robot, "#lockError")).startsWith("Wrong username or password");
        assertThat(robot.lookup("#lockPassword").queryAs(PasswordField.class).getText()).isEmpty();

        robot.clickOn("#lockPassword").write(TestServer.ADMIN_PASSWORD).type(KeyCode.ENTER);
        until(() -> window.shell() != null && window.shell().current() != null, "the console is back");
        assertThat(window.shell().current().id()).as("the screen the operator was on").isEqualTo("audit");
        assertThat(count(LIVE_SESSIONS)).as("a new session").isEqualTo(liveBefore + 1);
    }

    @Test
    void lockNowFromTheAppBarAndCtrlLLocksTheConsoleAtOnce(FxRobot robot) {
        open(robot, IDLE_LONG);
        FxWait.signInRemote(robot, server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        until(() -> shows(robot, "#lockNow"), "the console opens with its Lock now button");

        robot.clickOn("#lockNow");
        until(() -> shows(robot, "#lockPassword"), "the lock screen covers the console");
        assertThat(text(robot, "#lockReason")).startsWith("You locked the console");
        assertThat(window.shell()).isNull();

        robot.clickOn("#lockPassword").write(TestServer.ADMIN_PASSWORD).type(KeyCode.ENTER);
        until(() -> window.shell() != null && window.shell().current() != null, "the console is back");
        robot.press(KeyCode.CONTROL).press(KeyCode.L).release(KeyCode.L).release(KeyCode.CONTROL);
        until(() -> window.lockScreen() != null && shows(robot, "#lockPassword"), "Ctrl+L locks the console");
    }

    @Test
    void aSessionTheServerEndedLocksTheConsoleAndSignOutLeadsBackToConnect(FxRobot robot) {
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        String id = signedInAsNewOperator(robot, admin, "ended.clerk", "clerk-password-1", "APPROVER");
        FxWait.openScreen(robot, "queue");
        until(() -> shows(robot, "#queueTable"), "the queue opens");

        // An administrator sets a new password: the server ends the clerk's sessions.
        var reset = admin.send("PATCH", "/api/v1/operators/" + id,
                "{\"password\":\"clerk-password-2\"}", Map.of());
        assertThat(reset.status()).as(reset.text()).isEqualTo(200);
        // A refresh meets the 401, unless the live stream locked the console first (the click then found
        // a node already off stage: NPE, scene null); press it in one FX step only while it is on stage.
        robot.interact(() -> robot.lookup("#refresh").queryAll().stream().filter(n -> n.getScene() != null)
                .findFirst().ifPresent(n -> ((javafx.scene.control.ButtonBase) n).fire()));

        until(() -> shows(robot, "#lockReason"), "the console locks");
        assertThat(text(robot, "#lockReason")).contains("The server ended your session");
        assertThat(text(robot, "#lockUser")).isEqualTo("ended.clerk");

        robot.clickOn("#lockSignOut");
        until(() -> shows(robot, "#connect"), "the connect screen is back");
        assertThat(robot.lookup("#username").queryAs(TextField.class).getText()).isEqualTo("ended.clerk");
        assertThat(robot.lookup("#serverUrl").queryAs(TextField.class).getText()).isEqualTo(server.baseUrl());
        assertThat(robot.lookup("#remoteMode").queryAs(javafx.scene.control.RadioButton.class).isSelected())
                .as("the radio says Remote, as the fields shown").isTrue();
        assertThat(window.lockScreen()).isNull();
    }

    @Test
    void localSignInAndUnlockAskThePasswordAndRefuseNoneOrAWrongOne(FxRobot robot) {
        // Local on real data (not the demo): the test server stands in for the bundled one.
        teller.ui.connect.LocalServer local = new teller.ui.connect.LocalServer() {
            @Override
            public LocalConnection start() {
                return new LocalConnection(server.baseUrl(), "admin", null, false);
            }

            @Override
            public String description() {
                return "the test server";
            }
        };
        robot.interact(() -> {
            window = new ConsoleWindow(ConsoleScreens.ALL, FxExecutors.create(), TellerClient.defaultHttpClient(), local, IDLE_LONG,
                    teller.ui.preferences.Preferences.inMemory(), teller.ui.about.AboutInfo.unknown());
            window.show(stage);
        });
        until(() -> shows(robot, "#password"), "Local asks for a password");
        assertThat(shows(robot, "#serverUrl")).as("no server address for Local").isFalse();
        assertThat(robot.lookup("#username").queryAs(TextField.class).getText()).isEqualTo("admin");

        robot.clickOn("#connect");
        until(() -> !text(robot, "#error").isEmpty(), "no password is refused");
        assertThat(text(robot, "#error")).startsWith("Enter the password of admin");
        assertThat(window.shell()).isNull();

        robot.clickOn("#password").write("a-wrong-password").type(KeyCode.ENTER);
        until(() -> text(robot, "#error").startsWith("Wrong username or password"), "a wrong password is refused");
        assertThat(window.shell()).isNull();

        robot.clickOn("#password").write(TestServer.ADMIN_PASSWORD).type(KeyCode.ENTER);
        until(() -> window.shell() != null && shows(robot, "#lockNow"), "the right one opens the console");

        robot.clickOn("#lockNow");
        until(() -> shows(robot, "#lockPassword"), "the lock screen asks the password, Local too");
        assertThat(robot.lookup("#unlock").query().isDisabled()).as("no one-click unlock").isTrue();
        robot.interact(() -> window.lockScreen().unlock());
        until(() -> !text(robot, "#lockError").isEmpty(), "unlocking without a password is refused");
        assertThat(text(robot, "#lockError")).isEqualTo("Enter your password.");
        assertThat(window.shell()).isNull();

        robot.clickOn("#lockPassword").write("a-wrong-password").type(KeyCode.ENTER);
        until(() -> text(robot, "#lockError").startsWith("Wrong username or password"), "a wrong password is refused");
        assertThat(window.shell()).isNull();

        robot.clickOn("#lockPassword").write(TestServer.ADMIN_PASSWORD).type(KeyCode.ENTER);
        until(() -> window.shell() != null && window.shell().current() != null, "the right one unlocks");
    }

    @Test
    void aDisabledOperatorsConsoleLocksByItselfFromTheLiveStream(FxRobot robot) {
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        String id = signedInAsNewOperator(robot, admin, "disabled.viewer", "viewer-password-1", "VIEWER");
        FxWait.live(robot);

        // Disabled by an administrator while nobody touches this console: the server ends the
        // session's event stream, the reconnect is refused and the console locks without any input.
        var disabled = admin.send("PATCH", "/api/v1/operators/" + id, "{\"active\":false}", Map.of());
        assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);

        until(() -> shows(robot, "#lockReason"), "the console locks");
        assertThat(text(robot, "#lockReason")).contains("The server ended your session");
        assertThat(text(robot, "#lockUser")).isEqualTo("disabled.viewer");
        assertThat(window.shell()).as("the console and its live feed are let go").isNull();
    }

    /** Creates an operator with {@code role}, opens a console and signs in as them; returns their id. */
    private String signedInAsNewOperator(FxRobot robot, ApiClient admin, String username, String password, String role) {
        var created = admin.post("/api/v1/operators", Map.of("username", username, "password", password,
                "roles", List.of(role)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        open(robot, IDLE_LONG);
        FxWait.signInRemote(robot, server.baseUrl(), username, password);
        return created.at("/id");
    }

    private static long count(String sql) {
        try (var connection = server.database().dataSource().getConnection();
             var statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
