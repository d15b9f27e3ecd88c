package teller.ui.console;

import java.net.URL;
import java.util.Objects;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.ui.common.FxDialogs;
import teller.ui.common.UiExecutors;
import teller.ui.connect.ConnectView;
import teller.ui.connect.ConnectViewModel;
import teller.ui.connect.LocalServer;
import teller.ui.connect.Session;

/**
 * The console's one window: the connect screen first, then the {@link ConsoleShell} of the
 * session with its screens ({@link ConsoleScreens}). Swaps the scene's root between the two.
 */
public final class ConsoleWindow {
    public static final String STYLESHEET = "/teller/assets/teller.css";
    public static final double WIDTH = 1280;
    public static final double HEIGHT = 800;
    private static final Logger log = LoggerFactory.getLogger(ConsoleWindow.class);

    private final UiExecutors executors;
    private final OkHttpClient http;
    private final LocalServer localServer;
    private Stage stage;
    private Scene scene;
    private ConnectViewModel connectViewModel;
    private ConsoleShell shell;

    /**
     * @param localServer the bundled server for the Local profile, or null when there is none
     */
    public ConsoleWindow(UiExecutors executors, OkHttpClient http, LocalServer localServer) {
        this.executors = executors;
        this.http = http;
        this.localServer = localServer;
    }

    /** Shows the connect screen in {@code stage}. Call on the FX thread. */
    public void show(Stage stage) {
        this.stage = stage;
        scene = new Scene(connectScreen(), WIDTH, HEIGHT);
        scene.getStylesheets().add(stylesheet());
        stage.setTitle("Teller — approval console");
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.setScene(scene);
        stage.show();
    }

    public static String stylesheet() {
        URL css = Objects.requireNonNull(ConsoleWindow.class.getResource(STYLESHEET), STYLESHEET + " is missing");
        return css.toExternalForm();
    }

    /** Connects with the Local profile at once, as if the operator had pressed Connect. */
    public void connectLocal() {
        connectViewModel.modeProperty().set(ConnectViewModel.Mode.LOCAL);
        connectViewModel.connect();
    }

    private Parent connectScreen() {
        connectViewModel = new ConnectViewModel(executors, http, localServer, this::showConsole);
        return new ConnectView(connectViewModel).load();
    }

    private void showConsole(Session session) {
        ScreenContext context = new ScreenContext(session, executors, new FxDialogs(() -> stage));
        shell = new ConsoleShell(session, ConsoleScreens.forSession(context), () -> signOut(session));
        scene.setRoot(shell.root());
        stage.setTitle("Teller — " + session.label());
        shell.start();
    }

    /** The signed-in console, or null while the connect screen shows. */
    public ConsoleShell shell() {
        return shell;
    }

    private void signOut(Session session) {
        // Signed out here at once: a slow or unreachable server must not keep the queue on screen.
        showConnect(null);
        ConnectViewModel shown = connectViewModel;
        executors.run(() -> {
            session.client().logout();
            return session;
        }, done -> { }, failure -> {
            log.warn("sign-out was not confirmed by the server: {}", failure.toString());
            shown.showNotice("Signed out here, but the server did not confirm it ("
                    + teller.ui.common.ErrorText.of(failure) + "); the session ends when it expires.");
        });
    }

    private void showConnect(String notice) {
        if (shell != null) {
            shell.stop();
            shell = null;
        }
        ConnectViewModel previous = connectViewModel;
        Parent connect = connectScreen();
        if (previous != null) {
            connectViewModel.modeProperty().set(previous.modeProperty().get());
            connectViewModel.serverUrlProperty().set(previous.serverUrlProperty().get());
            connectViewModel.usernameProperty().set(previous.usernameProperty().get());
        }
        if (notice != null) {
            connectViewModel.showNotice(notice);
        }
        scene.setRoot(connect);
        stage.setTitle("Teller — approval console");
    }
}
