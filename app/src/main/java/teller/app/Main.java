package teller.app;

import java.util.List;
import javafx.application.Platform;
import javafx.stage.Stage;
import teller.ui.api.ServerTrust;
import teller.ui.api.TellerClient;
import teller.ui.common.FxExecutors;
import teller.ui.console.ConsoleWindow;

/**
 * Starts the desktop console. Deliberately not a {@code javafx.application.Application}: started
 * from a plain class path (java -jar), the JavaFX launcher refuses an Application main class, so
 * this starts the toolkit itself.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        DesktopOptions options;
        try {
            options = DesktopOptions.parse(List.of(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DesktopOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(DesktopOptions.USAGE);
            return;
        }
        ServerTrust trust;
        try {
            // Read before any window opens, so a wrong TELLER_CA_FILE is a clear message, not a dead window.
            trust = ServerTrust.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        BundledServer local = new BundledServer(options.dataDirectory(), options.demo(), System.getenv());
        // Ctrl+C or a logout of the desktop session still stops the embedded PostgreSQL cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(local::close, "teller-local-stop"));
        Platform.setImplicitExit(false);
        try {
            startConsole(options, local, trust);
        } catch (UnsupportedOperationException noDisplay) {
            // E.g. "Unable to open DISPLAY": say what to do instead of printing a stack trace.
            System.err.println("Cannot open the desktop console: " + noDisplay.getMessage());
            System.err.println("It needs a graphical session. Without one, run the headless server: ./teller server serve");
            System.exit(1);
        }
    }

    private static void startConsole(DesktopOptions options, BundledServer local, ServerTrust trust) {
        Platform.startup(() -> {
            Stage stage = new Stage();
            ConsoleWindow window = new ConsoleWindow(FxExecutors.create(),
                    TellerClient.httpClient(trust), local);
            stage.setOnHidden(event -> exit(local));
            window.show(stage);
            if (options.connectLocal()) {
                window.connectLocal();
            }
        });
    }

    private static void exit(BundledServer local) {
        // Stopping PostgreSQL takes a moment: not on the FX thread, which would freeze the closing window.
        Thread stopper = new Thread(() -> {
            local.close();
            Platform.exit();
            System.exit(0);
        }, "teller-exit");
        stopper.start();
    }
}
