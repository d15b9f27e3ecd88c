package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.app.FxWait.fx;
import static teller.app.FxWait.until;

import java.util.Map;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.ui.console.ConsoleWindow;

/**
 * The shared set-up of the 1024×700 tests (issue 16): the console in a stage of its own at that
 * size, signed in (Local, as admin). A stage of its own, because TestFX's primary stage outlives the
 * test class, and a console opened in it after this one kept the 1024×700 size
 * (ApprovalQueueScreenTest then failed in CI's order). Only this stage is closed, never TestFX's
 * primary one.
 */
final class SmallWindow {
    static final double WIDTH = 1024;
    static final double HEIGHT = 700;

    final Stage stage;
    final ConsoleWindow window;

    private SmallWindow(Stage stage, ConsoleWindow window) {
        this.stage = stage;
        this.window = window;
    }

    /** Opens the console on {@code server} in a new 1024×700 stage and signs in; on the FX thread (a {@code @Start}). */
    static SmallWindow open(ServerCore server) {
        Stage stage = new Stage();
        ConsoleWindow window = TestConsole.show(stage, server);
        stage.setWidth(WIDTH);
        stage.setHeight(HEIGHT);
        window.connectLocal();
        return new SmallWindow(stage, window);
    }

    /** Waits until the console shows its first screen. */
    void awaitOpen() {
        until(() -> fx(() -> window.shell() != null && window.shell().current() != null), "the console opens");
    }

    /** Closes this stage (an {@code @AfterEach}). */
    void close(FxRobot robot) {
        robot.interact(stage::close);
    }

    /** Two approvers from {@code amountMin} (minor units) of USD: the card of a big order says so above its buttons. */
    static void twoApproversFrom(ApiClient admin, long amountMin) {
        assertThat(admin.send("PUT", "/api/v1/approval-policy/dual-approval/USD", "{\"amountMin\":" + amountMin + "}",
                Map.of()).status()).isEqualTo(200);
    }
}
