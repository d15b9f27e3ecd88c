package teller.ui.console;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.ui.about.AboutInfo;
import teller.ui.about.AboutView;
import teller.ui.about.AboutViewModel;
import teller.ui.about.FolderOpener;
import teller.ui.api.ApiException;
import teller.ui.api.ServerInfoApi;
import teller.ui.api.TellerClient;
import teller.ui.backup.BackupControls;
import teller.ui.backup.BackupFilePicker;
import teller.ui.backup.BackupViewModel;
import teller.ui.backup.FxBackupFilePicker;
import teller.ui.backup.LocalBackups;
import teller.ui.common.FxDialogs;
import teller.ui.common.FxNotices;
import teller.ui.common.UiExecutors;
import teller.ui.connect.ConnectView;
import teller.ui.connect.ConnectViewModel;
import teller.ui.connect.LocalServer;
import teller.ui.connect.LockView;
import teller.ui.connect.LockViewModel;
import teller.ui.connect.Session;
import teller.ui.preferences.Preferences;

/**
 * The console's one window: the connect screen first, then the {@link ConsoleShell} of the
 * session with its screens (the {@link ConsoleFeatures} it is given). Swaps the scene's root between the two.
 */
public final class ConsoleWindow {
    public static final String STYLESHEET = "/teller/assets/teller.css";
    public static final double WIDTH = 1280;
    public static final double HEIGHT = 800;
    private static final Logger log = LoggerFactory.getLogger(ConsoleWindow.class);

    /** The server's default SESSION_IDLE: the console locks no later than the server forgets the session. */
    public static final Duration IDLE_LOCK_DEFAULT = Duration.ofMinutes(15);

    private final ConsoleFeatures features;
    private final UiExecutors executors;
    private final OkHttpClient http;
    private final LocalServer localServer;
    private final IdleWatch idleWatch;
    private Stage stage;
    private Scene scene;
    private ConnectViewModel connectViewModel;
    private ConsoleShell shell;
    /** The session's live events; null when no session is signed in. */
    private LiveFeed live;
    /** The signed-in session; null on the connect and lock screens, so its token is referenced nowhere. */
    private Session session;
    private LockViewModel lock;
    private final Preferences preferences;
    private final AboutInfo about;
    private WindowPlacement placement;
    /** The Local profile's backups of the session on show; null otherwise. */
    private BackupViewModel backup;
    private Clock clock = Clock.systemDefaultZone();
    private BackupFilePicker backupPicker;
    /** Saves what the console remembers as its window closes; removed from the stage by {@link #close()}. */
    private final javafx.event.EventHandler<WindowEvent> onHiding = event -> rememberNow();
    /** Ends the console when its window is hidden for good (closed). */
    private final javafx.event.EventHandler<WindowEvent> onHidden = event -> close();
    /** Ends the console when its stage is given another scene. */
    private final javafx.beans.value.ChangeListener<Scene> onSceneReplaced = (obs, before, now) -> {
        if (now != scene) {
            close();
        }
    };
    private boolean closed;

    /**
     * @param features    the session's screens and the features' app-bar items ({@code teller.ui.ConsoleScreens.ALL})
     * @param localServer the bundled server for the Local profile, or null when there is none
     */
    public ConsoleWindow(ConsoleFeatures features, UiExecutors executors, OkHttpClient http, LocalServer localServer) {
        this(features, executors, http, localServer, IDLE_LOCK_DEFAULT);
    }

    /**
     * @param idleLock how long the console may go without mouse or key input before it locks
     */
    public ConsoleWindow(ConsoleFeatures features, UiExecutors executors, OkHttpClient http, LocalServer localServer,
                         Duration idleLock) {
        this(features, executors, http, localServer, idleLock, Preferences.inMemory(), AboutInfo.unknown());
    }

    /**
     * @param preferences what the console remembers between runs (mode, server, username, window, screen)
     * @param about       this console's version, data directory and log file, for the About dialog
     */
    public ConsoleWindow(ConsoleFeatures features, UiExecutors executors, OkHttpClient http, LocalServer localServer,
                         Duration idleLock, Preferences preferences, AboutInfo about) {
        this.features = java.util.Objects.requireNonNull(features);
        this.executors = executors;
        this.http = http;
        this.localServer = localServer;
        this.preferences = preferences;
        this.about = about;
        this.idleWatch = new IdleWatch(idleLock, () -> lock("The console locked because of inactivity ("
                + describe(idleLock) + " without input). Sign in again to continue where you were."));
    }

    /** Shows the connect screen in {@code stage}. Call on the FX thread. */
    public void show(Stage stage) {
        this.stage = stage;
        // Nothing may go uncaught on the FX thread without a word: logged, and a notice shown. The handler
        // outlives this console (it is the FX thread's): it holds neither the console nor, strongly, its
        // stage, whose scene is the console's until another replaces it.
        java.lang.ref.WeakReference<Stage> owner = new java.lang.ref.WeakReference<>(stage);
        teller.ui.common.FxUncaughtErrors.installOnCurrentThread(new FxNotices(owner::get));
        scene = new Scene(connectScreen(), WIDTH, HEIGHT);
        scene.getStylesheets().add(stylesheet());
        // F1 opens About from every screen, the connect screen included.
        scene.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.F1) {
                event.consume();
                showAbout();
            } else if (event.getCode() == KeyCode.L && event.isShortcutDown() && shell != null) {
                event.consume();
                lockNow();
            }
        });
        stage.setTitle("Teller — approval console");
        stage.getIcons().setAll(AboutView.icons());
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.setScene(scene);
        placement = WindowPlacement.restore(stage, preferences);
        stage.addEventHandler(WindowEvent.WINDOW_HIDING, onHiding);
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, onHidden);
        stage.sceneProperty().addListener(onSceneReplaced);
        stage.show();
    }

    /**
     * Ends this console for good (decision 0200): the session's screens, live events, timers and idle
     * watch stop, and nothing of the stage refers to the console any more, so that all it built can
     * be collected. Called when the window is hidden (closed) or its stage is given another scene; a
     * stage outlives the consoles shown in it. Call on the FX thread; a second call does nothing.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        idleWatch.stop();
        stopConsole();
        session = null;
        lock = null;
        backup = null;
        if (stage != null) {
            stage.removeEventHandler(WindowEvent.WINDOW_HIDING, onHiding);
            stage.removeEventHandler(WindowEvent.WINDOW_HIDDEN, onHidden);
            stage.sceneProperty().removeListener(onSceneReplaced);
        }
        if (placement != null) {
            placement.untrack();
        }
    }

    /** Opens the About dialog: versions, data folder, log file. */
    public AboutViewModel showAbout() {
        Session current = session;
        ServerInfoApi server = current == null ? null : new ServerInfoApi(current.client());
        AboutViewModel viewModel = new AboutViewModel(executors, about, server == null ? null : server::version,
                FolderOpener.system());
        AboutView.show(stage, viewModel, stylesheet());
        return viewModel;
    }

    /**
     * Saves what the console remembers: the window's place and the screen on show. Called when the
     * window closes, and by the launcher's shutdown hook when the session ends without closing it
     * (SIGTERM, logout).
     */
    public void rememberNow() {
        if (placement != null) {
            placement.remember(preferences);
        }
        preferences.save();
    }

    public static String stylesheet() {
        URL css = Objects.requireNonNull(ConsoleWindow.class.getResource(STYLESHEET), STYLESHEET + " is missing");
        return css.toExternalForm();
    }

    /**
     * Chooses the Local profile; the one-click demo connects at once, as if the operator had pressed
     * Connect. Local on real data waits for the operator's password (issue 16).
     */
    public void connectLocal() {
        connectViewModel.modeProperty().set(ConnectViewModel.Mode.LOCAL);
        if (connectViewModel.localOneClick()) {
            connectViewModel.connect();
        }
    }

    private Parent connectScreen() {
        boolean first = connectViewModel == null;
        connectViewModel = new ConnectViewModel(executors, http, localServer, this::showConsole);
        if (first) {
            // The first connect screen starts where the operator left off (never with a password).
            preferences.mode().filter(mode -> mode == Preferences.Mode.REMOTE || connectViewModel.localAvailable())
                    .ifPresent(mode -> connectViewModel.modeProperty().set(mode == Preferences.Mode.LOCAL
                            ? ConnectViewModel.Mode.LOCAL : ConnectViewModel.Mode.REMOTE));
            preferences.serverUrl().ifPresent(connectViewModel.serverUrlProperty()::set);
            preferences.username().ifPresent(connectViewModel.usernameProperty()::set);
        }
        return new ConnectView(connectViewModel).load();
    }

    private void showConsole(Session signedIn) {
        if (!closed) {
            if (signedIn.local()) {
                preferences.rememberLocal();
            } else {
                preferences.rememberRemote(signedIn.client().baseUrl(), signedIn.operator().username());
            }
            preferences.save();
        }
        showConsole(signedIn, preferences.lastScreen().orElse(null));
    }

    /** Opens the console of {@code signedIn} on the screen {@code screenId} (null or unavailable: the first). */
    private void showConsole(Session signedIn, String screenId) {
        if (closed) {
            // A sign-in that finished after the window closed: no console to show it in.
            logoutQuietly(signedIn);
            return;
        }
        lock = null;
        session = signedIn;
        // Any call of this session's screens that meets a 401 means the server ended the session
        // (idle timeout, disabled, password reset): the console locks instead of showing errors.
        UiExecutors watched = executors.observingFailures(failure -> {
            if (session == signedIn && failure instanceof ApiException api && api.status() == 401) {
                lock("The server ended your session (" + api.getMessage() + "). Sign in again to continue.");
            }
        });
        live = new LiveFeed(signedIn.client(), executors, () -> {
            if (session == signedIn) {
                lock("The server ended your session. Sign in again to continue.");
            }
        });
        ScreenContext context = new ScreenContext(signedIn, watched, new FxDialogs(() -> stage), preferences);
        shell = new ConsoleShell(signedIn, features.screens(context), live, () -> signOut(signedIn));
        Button aboutButton = new Button("About");
        aboutButton.setId("about");
        aboutButton.getStyleClass().add("flat");
        aboutButton.setTooltip(new Tooltip("Version, data folder and log file (F1)"));
        aboutButton.setOnAction(e -> showAbout());
        shell.addAppBarItem(aboutButton);
        features.attach(context, live, shell, new FxNotices(() -> stage));
        // Lock now (issue 16): the operator leaves the desk; Ctrl+L does the same from any screen.
        Button lockNow = new Button("Lock now");
        lockNow.setId("lockNow");
        lockNow.getStyleClass().add("flat");
        lockNow.setTooltip(new Tooltip("Locks the console at once; your password unlocks it (Ctrl+L)"));
        lockNow.setOnAction(e -> lockNow());
        shell.addAppBarItem(lockNow);
        backup = null;
        if (signedIn.local() && localServer != null) {
            localServer.backups().ifPresent(backups -> addBackupControls(signedIn, backups));
        }
        shell.setOnScreenShown(preferences::rememberScreen);
        shell.navCollapsedProperty().set(preferences.navCollapsed());
        shell.navCollapsedProperty().addListener((obs, before, collapsed) -> {
            preferences.rememberNavCollapsed(collapsed);
            preferences.save();
        });
        scene.setRoot(shell.root());
        stage.setTitle("Teller — " + signedIn.label());
        boolean shown = screenId != null && shell.screens().stream().anyMatch(s -> s.id().equals(screenId));
        if (shown) {
            shell.show(screenId);
        } else {
            shell.start();
        }
        idleWatch.start(scene);
        live.start();
    }

    /**
     * Back up now…, the last backup's time and the 7-day warning, for the Local profile only (decision
     * 0130); only an ADMIN may back up, anyone else sees why not.
     */
    private void addBackupControls(Session signedIn, LocalBackups backups) {
        backup = new BackupViewModel(executors, backups, clock, new FxNotices(() -> stage), signedIn.hasAnyRole("ADMIN"));
        BackupControls controls = new BackupControls(backup,
                backupPicker != null ? backupPicker : new FxBackupFilePicker(() -> stage));
        shell.addAppBarItem(controls.lastBackupLabel());
        shell.addAppBarItem(controls.backUpButton());
        shell.addBanner(controls.banners());
        backup.refresh();
    }

    /**
     * The clock of the last backup's age and of the 7-day warning, and the backup file dialog; tests
     * pass a fixed clock and a picker that answers a file. Call before signing in.
     */
    public void useForBackups(Clock backupClock, BackupFilePicker picker) {
        this.clock = Objects.requireNonNull(backupClock);
        this.backupPicker = picker;
    }

    /** The Local profile's backups of the signed-in console, or null (Remote, or no session). */
    public BackupViewModel backup() {
        return backup;
    }

    /** The signed-in console, or null while the connect or lock screen shows. */
    public ConsoleShell shell() {
        return shell;
    }

    /** The lock screen on show, or null. */
    public LockViewModel lockScreen() {
        return lock;
    }

    /** Lock now: the operator locks the console (app bar button, Ctrl+L). */
    public void lockNow() {
        lock("You locked the console. Sign in again to continue where you were.");
    }

    /**
     * Covers the console with the lock screen: the current screen is deactivated, the session's
     * token dropped (its screens and client are let go, and the server is told to end the session,
     * best effort), and the operator signs in again to come back to the same screen.
     */
    public void lock(String reason) {
        if (session == null || shell == null) {
            return;
        }
        Session ended = session;
        String screenId = shell.current() == null ? null : shell.current().id();

        idleWatch.stop();
        stopConsole();
        session = null;
        logoutQuietly(ended);
        String username = ended.operator().username();
        String baseUrl = ended.client().baseUrl();
        boolean local = ended.local();
        LockViewModel.SignIn signIn = password -> {
            if (local) {
                // The locked operator's own password, as on the connect screen; the demo only unlocks in one click.
                return ConnectViewModel.signInLocal(localServer, http, username, password).session();
            }
            TellerClient.SignedIn again = TellerClient.login(http, baseUrl, username, password);
            return new Session(again.client(), again.login().operator(), false);
        };
        boolean oneClick = local && localServer != null && localServer.oneClick();
        lock = new LockViewModel(executors, username, oneClick ? "Local demo" : local ? "Local" : baseUrl, reason,
                !oneClick, signIn,
                unlocked -> showConsole(unlocked, screenId), () -> {
                    showConnect(null);
                    connectViewModel.modeProperty().set(local ? ConnectViewModel.Mode.LOCAL : ConnectViewModel.Mode.REMOTE);
                    if (!local) {
                        connectViewModel.serverUrlProperty().set(baseUrl);
                    }
                    connectViewModel.usernameProperty().set(username);
                });
        scene.setRoot(new LockView(lock).load());
        stage.setTitle("Teller — locked");
    }

    /** Stops the current screen and the session's live events. */
    private void stopConsole() {
        if (shell != null) {
            shell.stop();
            shell = null;
        }
        if (live != null) {
            live.close();
            live = null;
        }
    }

    private void logoutQuietly(Session ended) {
        executors.run(() -> {
            ended.client().logout();
            return ended;
        }, done -> { }, failure -> log.info("the server did not confirm the logout of a locked session: {}",
                failure.toString()));
    }

    private static String describe(Duration idle) {
        long minutes = idle.toMinutes();
        return minutes >= 1 ? minutes + (minutes == 1 ? " minute" : " minutes") : idle.toSeconds() + " s";
    }

    private void signOut(Session signedOut) {
        idleWatch.stop();
        session = null;
        // Signed out here at once: a slow or unreachable server must not keep the queue on screen.
        showConnect(null);
        ConnectViewModel shown = connectViewModel;
        executors.run(() -> {
            signedOut.client().logout();
            return signedOut;
        }, done -> { }, failure -> {
            log.warn("sign-out was not confirmed by the server: {}", failure.toString());
            shown.showNotice("Signed out here, but the server did not confirm it ("
                    + teller.ui.common.ErrorText.of(failure) + "); the session ends when it expires.");
        });
    }

    private void showConnect(String notice) {
        idleWatch.stop();
        session = null;
        lock = null;
        stopConsole();
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
