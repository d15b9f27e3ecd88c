package teller.app;

import javafx.stage.Stage;
import teller.server.ServerCore;
import teller.server.support.TestServer;
import teller.ui.api.TellerClient;
import teller.ui.common.FxExecutors;
import teller.ui.connect.LocalServer;
import teller.ui.ConsoleScreens;
import teller.ui.console.ConsoleWindow;

/**
 * The production console window for TestFX tests: real background threads, results on the FX
 * thread, and a one-click "Local" profile (as the demo's) that is the test server (the real bundled
 * one has its own test, BundledServerTest).
 */
final class TestConsole {
    private TestConsole() {
    }

    /** Shows the connect screen in {@code stage}; Local signs in as admin on {@code server}. */
    static ConsoleWindow show(Stage stage, ServerCore server) {
        LocalServer local = new LocalServer() {
            @Override
            public LocalConnection start() {
                return new LocalConnection(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD, false);
            }

            /** One click, as the demo: the screen tests sign in as admin without typing (LockScreenTest types). */
            @Override
            public boolean oneClick() {
                return true;
            }

            @Override
            public String description() {
                return "the test server";
            }
        };
        ConsoleWindow window = new ConsoleWindow(ConsoleScreens.ALL, FxExecutors.create(),
                TellerClient.defaultHttpClient(), local);
        window.show(stage);
        return window;
    }
}
