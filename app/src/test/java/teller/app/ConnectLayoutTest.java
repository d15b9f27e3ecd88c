package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import teller.ui.api.TellerClient;
import teller.ui.common.FxExecutors;
import teller.ui.ConsoleScreens;
import teller.ui.console.ConsoleWindow;

/**
 * The connect screen while a plain-http address is typed (issue 16): the Server, Username and
 * Password labels keep their words when the warning shows, and the fields do not move under the
 * pointer as the warning comes and goes. No server is needed: nothing is sent.
 */
@ExtendWith(ApplicationExtension.class)
class ConnectLayoutTest {
    @Start
    void start(Stage stage) {
        new ConsoleWindow(ConsoleScreens.ALL, FxExecutors.create(), TellerClient.defaultHttpClient(), null).show(stage);
    }

    private static Bounds inScene(Node node) {
        return node.localToScene(node.getBoundsInLocal());
    }

    /** The text the label's skin draws: ends with "…" when the label is too narrow for its words. */
    private static String drawn(Label label) {
        Node text = label.lookup(".text");
        return text instanceof Text t ? t.getText() : label.getText();
    }

    @Test
    void theWarningNeitherCollapsesTheLabelsNorMovesTheFields(FxRobot robot) {
        TextField server = robot.lookup("#serverUrl").queryAs(TextField.class);
        robot.interact(() -> server.setText("https://teller.example.com"));
        WaitForAsyncUtils.waitForFxEvents();
        double before = inScene(server).getMinY();
        double passwordBefore = inScene(robot.lookup("#password").query()).getMinY();

        robot.interact(() -> server.setText("http://10.1.2.3:8080"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#unencryptedWarning").query().isVisible()).as("the warning shows").isTrue();
        assertThat(inScene(server).getMinY()).as("the server field stays where it was").isEqualTo(before);
        assertThat(inScene(robot.lookup("#password").query()).getMinY()).as("the password field too")
                .isEqualTo(passwordBefore);
        for (String words : new String[] {"Server", "Username", "Password"}) {
            Label label = robot.lookup(n -> n instanceof Label l && words.equals(l.getText())).queryAs(Label.class);
            assertThat(drawn(label)).as("the %s label is not cut to '…'", words).isEqualTo(words);
        }
    }
}
