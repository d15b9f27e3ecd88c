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
 * The connect screen: Local (the bundled server, signed in as its admin) or a remote server with
 * a username and password. Signing in runs in the background; {@code onConnected} gets the session.
 */
public final class ConnectViewModel {
    public enum Mode { LOCAL, REMOTE }

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
        canConnect = Bindings.createBooleanBinding(() -> !busy.get() && (mode.get() == Mode.LOCAL
                        ? localServer != null
                        : !serverUrl.get().isBlank() && !username.get().isBlank() && !password.get().isEmpty()),
                busy, mode, serverUrl, username, password);
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
                LocalServer.LocalConnection local = localServer.start();
                TellerClient.SignedIn signedIn = TellerClient.login(http, local.baseUrl(), local.username(), local.password());
                return new Session(signedIn.client(), signedIn.login().operator(), true);
            }
            TellerClient.SignedIn signedIn = TellerClient.login(http, url, user, secret);
            return new Session(signedIn.client(), signedIn.login().operator(), false);
        }, session -> {
            busy.set(false);
            status.set("");
            onConnected.accept(session);
        }, failure -> {
            busy.set(false);
            status.set("");
            error.set(chosen == Mode.LOCAL ? "Could not start the local server. " + ErrorText.of(failure)
                    : SignInErrors.describe(failure));
        });
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
