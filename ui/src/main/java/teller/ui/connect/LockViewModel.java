package teller.ui.connect;

import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import teller.ui.common.UiExecutors;

/**
 * The lock screen over an idle or ended session: the console's token is already gone, and the
 * operator shown (fixed, not editable) signs in again to continue, or signs out.
 */
public final class LockViewModel {
    /** Signs in again as the locked operator; runs on a background thread. */
    @FunctionalInterface
    public interface SignIn {
        Session signIn(String password) throws Exception;
    }

    private final UiExecutors executors;
    private final String username;
    private final String server;
    private final boolean passwordRequired;
    private final SignIn signIn;
    private final Consumer<Session> onUnlocked;
    private final Runnable onSignOut;
    private final StringProperty password = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper reason;
    private final BooleanBinding canUnlock;

    /**
     * @param reason           why the console locked, shown above the form
     * @param passwordRequired false only for the Local demo, which signs in with one click (sample
     *                         data, nothing to protect); real Local data asks the password (issue 16)
     */
    public LockViewModel(UiExecutors executors, String username, String server, String reason,
                         boolean passwordRequired, SignIn signIn, Consumer<Session> onUnlocked, Runnable onSignOut) {
        this.executors = Objects.requireNonNull(executors);
        this.username = Objects.requireNonNull(username);
        this.server = Objects.requireNonNull(server);
        this.reason = new ReadOnlyStringWrapper(reason);
        this.passwordRequired = passwordRequired;
        this.signIn = Objects.requireNonNull(signIn);
        this.onUnlocked = Objects.requireNonNull(onUnlocked);
        this.onSignOut = Objects.requireNonNull(onSignOut);
        canUnlock = Bindings.createBooleanBinding(() -> !busy.get() && (!passwordRequired || !password.get().isEmpty()),
                busy, password);
    }

    public String username() {
        return username;
    }

    public String server() {
        return server;
    }

    public boolean passwordRequired() {
        return passwordRequired;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty reasonProperty() {
        return reason.getReadOnlyProperty();
    }

    public BooleanBinding canUnlockProperty() {
        return canUnlock;
    }

    /** Signs in again; a new session replaces the ended one. Does nothing while an attempt runs. */
    public void unlock() {
        if (busy.get()) {
            return;
        }
        if (passwordRequired && password.get().isEmpty()) {
            error.set("Enter your password.");
            return;
        }
        String secret = password.get();
        // As on the connect screen: the field is empty again whatever the answer.
        password.set("");
        error.set("");
        busy.set(true);
        executors.run(() -> signIn.signIn(secret), session -> {
            busy.set(false);
            onUnlocked.accept(session);
        }, failure -> {
            busy.set(false);
            error.set(SignInErrors.describe(failure));
        });
    }

    /** Leaves the locked console for the connect screen. */
    public void signOut() {
        if (!busy.get()) {
            password.set("");
            onSignOut.run();
        }
    }
}
