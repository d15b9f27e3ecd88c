package teller.ui.connect;

import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import teller.ui.api.TellerClient;
import teller.ui.common.ErrorText;
import teller.ui.common.UiExecutors;

/**
 * The connect screen: Local (the bundled server) or a remote server, each with a username and
 * password; only the demo's Local signs in with one click. The first Local start shows the local
 * admin's generated password once ({@link #firstRunPasswordProperty}) and opens the console when the
 * operator has noted it. Signing in runs in the background; {@code onConnected} gets the session.
 */
public final class ConnectViewModel {
    public enum Mode { LOCAL, REMOTE }

    /** The local admin's username, filled in for Local until the operator types another. */
    static final String LOCAL_ADMIN = "admin";

    private final UiExecutors executors;
    private final OkHttpClient http;
    private final LocalServer localServer;
    private final Consumer<Session> onConnected;

    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>();
    private final StringProperty serverUrl = new SimpleStringProperty("http://127.0.0.1:8080");
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    /** Off by default: plain HTTP to anything but this computer needs the operator's explicit consent. */
    private final BooleanProperty allowUnencrypted = new SimpleBooleanProperty(false);
    private final BooleanBinding unencryptedRemote;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanBinding canConnect;
    /** The first Local start's admin password, shown once until {@link #continueAfterFirstRun}; else empty. */
    private final ReadOnlyStringWrapper firstRunPassword = new ReadOnlyStringWrapper("");
    private Session firstRunSession;

    /**
     * @param localServer the bundled server, or null when this build has none (Local is then unavailable)
     */
    public ConnectViewModel(UiExecutors executors, OkHttpClient http, LocalServer localServer,
                            Consumer<Session> onConnected) {
        this.executors = executors;
        this.http = http;
        this.localServer = localServer;
        this.onConnected = Objects.requireNonNull(onConnected);
        mode.set(localServer != null ? Mode.LOCAL : Mode.REMOTE);
        if (localServer != null && !localServer.oneClick()) {
            username.set(LOCAL_ADMIN);
        }
        // Local's password may be empty: the first start has none to type yet (the server then shows it).
        canConnect = Bindings.createBooleanBinding(() -> !busy.get() && firstRunPassword.get().isEmpty()
                        && (mode.get() == Mode.LOCAL
                        ? localServer != null && (localOneClick() || !username.get().isBlank())
                        : !serverUrl.get().isBlank() && !username.get().isBlank() && !password.get().isEmpty()),
                busy, mode, serverUrl, username, password, firstRunPassword);
        unencryptedRemote = Bindings.createBooleanBinding(() -> {
            HttpUrl url = HttpUrl.parse(serverUrl.get().trim());
            return url != null && !url.isHttps() && !ConnectionPolicy.isLoopback(url);
        }, serverUrl);
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public StringProperty serverUrlProperty() {
        return serverUrl;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    /** The "Allow unencrypted connection" box of the connect screen. */
    public BooleanProperty allowUnencryptedProperty() {
        return allowUnencrypted;
    }

    /** True while the address is plain http:// to another computer (the screen then shows its warning). */
    public BooleanBinding unencryptedRemoteProperty() {
        return unencryptedRemote;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public BooleanBinding canConnectProperty() {
        return canConnect;
    }

    public boolean localAvailable() {
        return localServer != null;
    }

    /** Whether Local signs in with one click, without username and password (the demo only). */
    public boolean localOneClick() {
        return localServer != null && localServer.oneClick();
    }

    /**
     * The local admin's password the first Local start generated, shown once; empty otherwise. The
     * console opens when the operator has noted it ({@link #continueAfterFirstRun}).
     */
    public ReadOnlyStringProperty firstRunPasswordProperty() {
        return firstRunPassword.getReadOnlyProperty();
    }

    /** The operator has noted the first-run password: the local server forgets it, and the console opens. */
    public void continueAfterFirstRun() {
        Session session = firstRunSession;
        if (session == null) {
            return;
        }
        firstRunSession = null;
        firstRunPassword.set("");
        localServer.passwordNoted();
        onConnected.accept(session);
    }

    public String localDescription() {
        return localServer == null ? "This build has no bundled server." : localServer.description();
    }

    /** Signs in with the chosen profile; does nothing while a sign-in is already running. */
    public void connect() {
        if (busy.get()) {
            return;
        }
        error.set("");
        Mode chosen = mode.get();
        if (chosen == Mode.LOCAL && localServer == null) {
            error.set("Local mode is not available in this build; connect to a server.");
            return;
        }
        if (chosen == Mode.REMOTE) {
            String problem = remoteInputProblem();
            if (problem != null) {
                error.set(problem);
                return;
            }
        }
        busy.set(true);
        status.set(chosen == Mode.LOCAL ? "Starting the local server and its database..." : "Signing in...");
        String url = serverUrl.get().trim();
        String user = username.get().trim();
        String secret = password.get();
        // Cleared at once: whatever the answer, the password is typed again for the next attempt,
        // and no property of the screen holds it while (or after) the call runs.
        password.set("");
        executors.run(() -> {
            if (chosen == Mode.LOCAL) {
                return signInLocal(localServer, http, user, secret);
            }
            TellerClient.SignedIn signedIn = TellerClient.login(http, url, user, secret);
            return new Connected(new Session(signedIn.client(), signedIn.login().operator(), false), null);
        }, signedIn -> {
            busy.set(false);
            status.set("");
            if (signedIn.firstRunPassword() != null) {
                firstRunSession = signedIn.session();
                firstRunPassword.set(signedIn.firstRunPassword());
                return;
            }
            onConnected.accept(signedIn.session());
        }, failure -> {
            busy.set(false);
            status.set("");
            error.set(chosen == Mode.LOCAL && !(failure instanceof teller.ui.api.ApiException)
                    && !(failure instanceof LocalPasswordMissing)
                    ? "Could not start the local server. " + ErrorText.of(failure) : SignInErrors.describe(failure));
        });
    }

    /** A signed-in session, with the first-run password to show once (null when there is none). */
    public record Connected(Session session, String firstRunPassword) {
    }

    /** Local sign-in without a password typed, where one is needed. */
    static final class LocalPasswordMissing extends teller.ui.common.OperatorMessageException {
        LocalPasswordMissing(String username) {
            super("Enter the password of " + username + ". The local admin's password was shown once, when Local "
                    + "first started; TELLER_ADMIN_PASSWORD sets a new one.", null);
        }
    }

    /**
     * Starts the local server and signs in: as its admin in one click (demo), as its admin with the
     * password generated now (first start: to be shown once), or as {@code user} with {@code secret}.
     * The unlock of a Local console signs in the same way.
     */
    public static Connected signInLocal(LocalServer localServer, OkHttpClient http, String user, String secret)
            throws Exception {
        LocalServer.LocalConnection local = localServer.start();
        if (localServer.oneClick() || local.firstRun()) {
            TellerClient.SignedIn signedIn = TellerClient.login(http, local.baseUrl(), local.username(), local.password());
            return new Connected(new Session(signedIn.client(), signedIn.login().operator(), true),
                    localServer.oneClick() ? null : local.password());
        }
        if (secret.isEmpty()) {
            throw new LocalPasswordMissing(user);
        }
        TellerClient.SignedIn signedIn = TellerClient.login(http, local.baseUrl(), user, secret);
        return new Connected(new Session(signedIn.client(), signedIn.login().operator(), true), null);
    }

    /** Shows a message from outside the sign-in, e.g. how the last session ended. */
    public void showNotice(String message) {
        error.set(message);
    }

    private String remoteInputProblem() {
        HttpUrl url;
        try {
            url = TellerClient.parseBaseUrl(serverUrl.get());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String refusal = ConnectionPolicy.refusal(url, allowUnencrypted.get());
        if (refusal != null) {
            return refusal;
        }
        if (username.get().isBlank()) {
            return "Enter your username.";
        }
        if (password.get().isEmpty()) {
            return "Enter your password.";
        }
        return null;
    }
}
