package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.app.FxWait.fx;
import static teller.app.FxWait.shows;
import static teller.app.FxWait.text;
import static teller.app.FxWait.until;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import teller.server.ServerCore;
import teller.server.support.TestServer;
import teller.ui.about.AboutInfo;
import teller.ui.api.TellerClient;
import teller.ui.common.FxExecutors;
import teller.ui.ConsoleScreens;
import teller.ui.console.ConsoleWindow;
import teller.ui.preferences.Preferences;

/**
 * The console remembers between runs (in the data directory, never the password): a second window
 * over the same data directory starts on Remote with the server and username filled in, the window
 * where the first one was, and opens the screen the operator last had. About shows the versions and
 * where the data and the log are.
 */
@ExtendWith(ApplicationExtension.class)
class RememberedPreferencesTest {
    static ServerCore server;
    @TempDir
    static Path dataDirectory;
    private Stage stage;  // TestFX's primary stage: left alone, every later test class shows its console in it

    @BeforeAll
    static void startServer() {
        server = TestServer.start(b -> b);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private ConsoleWindow open(FxRobot robot, Stage in) {
        AboutInfo about = new AboutInfo("9.9.9-test", dataDirectory, dataDirectory.resolve("logs/teller.log"));
        ConsoleWindow window = new ConsoleWindow(ConsoleScreens.ALL, FxExecutors.create(),
                TellerClient.defaultHttpClient(), null,
                ConsoleWindow.IDLE_LOCK_DEFAULT, Preferences.load(dataDirectory), about);
        robot.interact(() -> window.show(in));
        return window;
    }

    @Test
    void theNextWindowStartsWhereTheOperatorLeftOffWithoutThePassword(FxRobot robot) throws Exception {
        // A stage of its own, not TestFX's primary one: closing that (below) broke every later test class's window.
        Stage first = fx(Stage::new);
        open(robot, first);
        FxWait.signInRemote(robot, server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        FxWait.openScreen(robot, "reports");
        until(() -> "Reports".equals(text(robot, "#screenTitle")), "the reports screen shows");
        // Ctrl+B collapses the navigation to icons (issue 16): remembered for the next window too.
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.B)
                .release(javafx.scene.input.KeyCode.CONTROL);
        until(() -> fx(() -> robot.lookup("#nav-reports").queryAs(javafx.scene.control.ToggleButton.class)
                .getContentDisplay() == javafx.scene.control.ContentDisplay.GRAPHIC_ONLY), "the navigation shows icons");
        robot.interact(() -> {
            first.setX(33);
            first.setY(44);
            first.setWidth(1111);
            first.setHeight(777);
        });

        robot.clickOn("#about");
        until(() -> robot.listWindows().stream().anyMatch(w -> w instanceof Stage s && "About Teller".equals(s.getTitle())),
                "About opens");
        until(() -> text(robot, "#serverVersion").matches("\\d+\\.\\d+\\.\\d+.*"), "the server's version is shown");
        assertThat(text(robot, "#version")).isEqualTo("9.9.9-test");
        assertThat(text(robot, "#logFile")).isEqualTo(dataDirectory.resolve("logs/teller.log").toString());
        robot.clickOn("#close");

        robot.interact(first::close);
        String saved = Files.readString(dataDirectory.resolve(Preferences.FILE_NAME));
        assertThat(saved).contains("connect.username=admin").contains("console.lastScreen=reports")
                .contains("console.navCollapsed=true")
                .doesNotContain(TestServer.ADMIN_PASSWORD);

        Stage second = fx(Stage::new);
        open(robot, second);
        assertThat(fx(() -> robot.lookup("#remoteMode").queryAs(RadioButton.class).isSelected())).isTrue();
        assertThat(fx(() -> robot.lookup("#serverUrl").queryAs(TextField.class).getText())).isEqualTo(server.baseUrl());
        assertThat(fx(() -> robot.lookup("#username").queryAs(TextField.class).getText())).isEqualTo("admin");
        assertThat(fx(() -> robot.lookup("#password").queryAs(PasswordField.class).getText())).isEmpty();
        assertThat(fx(() -> new double[] {second.getX(), second.getY(), second.getWidth(), second.getHeight()}))
                .containsExactly(33, 44, 1111, 777);

        robot.clickOn("#password").write(TestServer.ADMIN_PASSWORD);
        robot.clickOn("#connect");
        until(() -> shows(robot, "#screenTitle") && "Reports".equals(text(robot, "#screenTitle")),
                "the console opens on the last screen");
        assertThat(fx(() -> robot.lookup("#nav-reports").match(n -> n.getScene() == second.getScene())
                .queryAs(javafx.scene.control.ToggleButton.class).getContentDisplay()))
                .as("the navigation stays collapsed").isEqualTo(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        robot.interact(second::close);
    }
}
