package teller.app;

import static teller.app.FxWait.fx;
import static teller.app.FxWait.until;

import java.lang.ref.WeakReference;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import teller.server.ServerCore;
import teller.server.support.TestServer;
import teller.ui.console.ConsoleShell;
import teller.ui.console.ConsoleWindow;

/**
 * A console that has ended lets go of all it built (decision 0200): once its window is closed, or its
 * stage shows another scene, nothing keeps its window, shell, screens or scene reachable, although its
 * live events were connected and its timers (idle lock, the queue's age ticker) were running. The desktop's
 * test JVM filled 1 GB with the scenes of earlier tests' consoles before this held.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleReleaseTest {
    private static ServerCore server;
    private Stage primary;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        primary = stage;
    }

    @Test
    void aConsoleWhoseStageShowsAnotherSceneIsLetGo() {
        Released console = signedInOnTheQueue(primary);

        fx(() -> {
            primary.setScene(new Scene(new Label("the next console"), 400, 300));
            return null;
        });

        console.awaitCollected();
    }

    @Test
    void aConsoleWhoseWindowClosedIsLetGo() {
        Released console = signedInOnTheQueueThenClosed(primary);

        console.awaitCollected();
    }

    /**
     * In a window of its own, closed at the end; the closed stage is not referenced here (it keeps its scene). As on
     * a desktop, the focus then goes to a window still open ({@code other}): Monocle keeps the last focused window,
     * closed or not, until another one takes the focus.
     */
    private static Released signedInOnTheQueueThenClosed(Stage other) {
        Stage own = fx(Stage::new);
        Released console = signedInOnTheQueue(own);
        fx(() -> {
            own.close();
            other.setScene(new Scene(new Label("another window"), 400, 300));
            other.show();
            other.requestFocus();
            return null;
        });
        return console;
    }

    /** Signs in on {@code stage} and opens the queue; only weak references to what was built are kept. */
    private static Released signedInOnTheQueue(Stage stage) {
        ConsoleWindow window = fx(() -> TestConsole.show(stage, server));
        fx(() -> {
            window.connectLocal();
            return null;
        });
        until(() -> fx(() -> window.shell() != null), "the console signs in");
        until(() -> fx(() -> stage.getScene().lookup("#liveStatus") instanceof Label live
                && live.getText().contains("Live")), "the live events are connected");
        fx(() -> {
            window.shell().show("queue");
            return null;
        });
        until(() -> fx(() -> stage.getScene().lookup("#queueTable") != null), "the queue shows");
        return fx(() -> new Released(new WeakReference<>(window), new WeakReference<>(window.shell()),
                new WeakReference<>(stage.getScene())));
    }

    private record Released(WeakReference<ConsoleWindow> window, WeakReference<ConsoleShell> shell,
                            WeakReference<Scene> scene) {
        /** Collects garbage until all three are gone (each try is a full collection; waits on the condition). */
        void awaitCollected() {
            until(() -> {
                System.gc();
                return window.get() == null && shell.get() == null && scene.get() == null;
            }, "the ended console's window, shell and scene are collected");
        }
    }
}
