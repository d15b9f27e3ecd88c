package teller.app;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.ui.about.AboutInfo;
import teller.ui.api.ServerTrust;
import teller.ui.api.TellerClient;
import teller.ui.common.FxExecutors;
import teller.ui.ConsoleScreens;
import teller.ui.console.ConsoleWindow;
import teller.ui.preferences.Preferences;

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
        if (options.version()) {
            System.out.println("Teller " + BundledServer.version());
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
        DataDirectoryLock dataLock;
        try {
            // Before the log file opens: a folder we cannot write, or another Teller on it, is a dialog and nothing written.
            dataLock = DataDirectoryLock.acquire(options.dataDirectory());
        } catch (DataDirectoryLock.StartProblem problem) {
            StartProblemDialog.showAndExit(problem);
            return;
        }
        DesktopLogging.configure(options.dataDirectory());
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("Teller {} starting: data in {}, Java {} in {}", BundledServer.version(), options.dataDirectory(),
                Runtime.version(), System.getProperty("java.home"));
        Preferences preferences = Preferences.load(options.dataDirectory());
        java.nio.file.Path localData = options.localServerDirectory();
        if (localData.equals(options.dataDirectory())) {
            log.info("the local database is in {}/pgdata, where a Teller before 0.1.0 kept it: opened there", localData);
        }
        BundledServer local = new BundledServer(localData, options.demo(), System.getenv());
        // Ctrl+C or a logout of the desktop session still saves the preferences and stops the embedded PostgreSQL cleanly.
        AtomicReference<ConsoleWindow> shown = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (shown.get() != null) {
                shown.get().rememberNow();
            }
            local.close();
            dataLock.close();
        }, "teller-local-stop"));
        Platform.setImplicitExit(false);
        AboutInfo about = new AboutInfo(BundledServer.version(), options.dataDirectory(),
                DesktopLogging.logFile(options.dataDirectory()));
        try {
            startConsole(options, local, trust, preferences, about, log, shown);
        } catch (UnsupportedOperationException noDisplay) {
            // E.g. "Unable to open DISPLAY": say what to do instead of printing a stack trace.
            System.err.println("Cannot open the desktop console: " + noDisplay.getMessage());
            System.err.println("It needs a graphical session. Without one, run the headless server: ./teller server serve");
            System.exit(1);
        }
    }

    private static void startConsole(DesktopOptions options, BundledServer local, ServerTrust trust,
                                     Preferences preferences, AboutInfo about, Logger log,
                                     AtomicReference<ConsoleWindow> shown) {
        Platform.startup(() -> {
            Stage stage = new Stage();
            ConsoleWindow window = new ConsoleWindow(ConsoleScreens.ALL, FxExecutors.create(),
                    TellerClient.httpClient(trust), local,
                    ConsoleWindow.IDLE_LOCK_DEFAULT, preferences, about);
            stage.setOnHidden(event -> exit(local));
            window.show(stage);
            shown.set(window);
            log.info("sign-in window shown {} ms after launch", sinceLaunch().toMillis());
            if (options.connectLocal()) {
                window.connectLocal();
            }
        });
    }

    /** Time since the JVM started (the launcher's own start is a few milliseconds before). */
    static Duration sinceLaunch() {
        return Duration.ofMillis(System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
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
