package teller.ui.operators;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import teller.ui.api.OperatorsApi;
import teller.ui.api.OperatorsApi.ApiToken;
import teller.ui.api.OperatorsApi.Operator;
import teller.ui.common.ErrorText;
import teller.ui.common.Times;
import teller.ui.common.UiExecutors;

/**
 * The Operators screen (ADMIN): operators and integration API tokens, listed, created and changed.
 * Every change goes to the server (which audits it) and the lists are reloaded from its answer.
 * A new token's secret is handed to {@link OperatorPrompts#showTokenOnce} and kept nowhere else.
 */
public final class OperatorsViewModel {
    /** The server's rule (server-core {@code PasswordHasher}); checked here only to say so before the call. */
    public static final int PASSWORD_LENGTH_MIN = 10;
    public static final int PASSWORD_LENGTH_MAX = 200;

    private final OperatorsApi api;
    private final UiExecutors executors;
    private final OperatorPrompts prompts;
    private final String signedInUsername;
    private final Clock clock;
    private final ObservableList<Operator> operators = FXCollections.observableArrayList();
    private final ObservableList<ApiToken> tokens = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    /** The "New operator" form: kept as typed when the creation is refused, cleared once it is done. */
    private final javafx.beans.property.StringProperty newUsername = new javafx.beans.property.SimpleStringProperty("");
    private final javafx.beans.property.StringProperty newPassword = new javafx.beans.property.SimpleStringProperty("");
    private final java.util.Map<String, javafx.beans.property.BooleanProperty> newRoles = roleChoices();
    /** The selected operator's role boxes: their roles as the server has them, until the administrator edits. */
    private final java.util.Map<String, javafx.beans.property.BooleanProperty> editRoles = roleChoices();

    public OperatorsViewModel(OperatorsApi api, UiExecutors executors, OperatorPrompts prompts, String signedInUsername) {
        this(api, executors, prompts, signedInUsername, Clock.systemUTC());
    }

    OperatorsViewModel(OperatorsApi api, UiExecutors executors, OperatorPrompts prompts, String signedInUsername,
                       Clock clock) {
        this.api = Objects.requireNonNull(api);
        this.executors = Objects.requireNonNull(executors);
        this.prompts = Objects.requireNonNull(prompts);
        this.signedInUsername = signedInUsername;
        this.clock = clock;
    }

    public ObservableList<Operator> operators() {
        return operators;
    }

    public ObservableList<ApiToken> tokens() {
        return tokens;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** "Active", "Disabled" or "Locked until …" for the table. */
    public String statusOf(Operator operator) {
        if (!operator.active()) {
            return "Disabled";
        }
        if (operator.lockedAt(clock.instant())) {
            return "Locked until " + Times.format(operator.lockedUntil());
        }
        return "Active";
    }

    /** What the status of {@link #statusOf} means, for its cell's tooltip. */
    public String statusMeaning(Operator operator) {
        if (!operator.active()) {
            return "May not sign in; an administrator can enable the account again.";
        }
        if (operator.lockedAt(clock.instant())) {
            return "Too many failed sign-ins: signing in is refused until then.";
        }
        return "May sign in and work within the roles shown.";
    }

    /** Whether {@code operator} is the one signed in here (the server refuses self-disable and self-demotion). */
    public boolean isSelf(Operator operator) {
        return operator != null && operator.username().equals(signedInUsername);
    }

    public javafx.beans.property.StringProperty newUsernameProperty() {
        return newUsername;
    }

    public javafx.beans.property.StringProperty newPasswordProperty() {
        return newPassword;
    }

    /** The new operator's role boxes, by role in the server's order. */
    public java.util.Map<String, javafx.beans.property.BooleanProperty> newRoles() {
        return newRoles;
    }

    /** The selected operator's role boxes, by role in the server's order ({@link #showRoles}). */
    public java.util.Map<String, javafx.beans.property.BooleanProperty> editRoles() {
        return editRoles;
    }

    /** Sets the selected operator's role boxes to {@code operator}'s roles as the server has them (none: cleared). */
    public void showRoles(Operator operator) {
        editRoles.forEach((role, box) -> box.set(operator != null && operator.roles().contains(role)));
    }

    private static java.util.Map<String, javafx.beans.property.BooleanProperty> roleChoices() {
        java.util.Map<String, javafx.beans.property.BooleanProperty> boxes = new java.util.LinkedHashMap<>();
        OperatorsApi.ROLES.forEach(role -> boxes.put(role, new javafx.beans.property.SimpleBooleanProperty()));
        return java.util.Collections.unmodifiableMap(boxes);
    }

    private static List<String> chosen(java.util.Map<String, javafx.beans.property.BooleanProperty> boxes) {
        return boxes.entrySet().stream().filter(e -> e.getValue().get()).map(java.util.Map.Entry::getKey).toList();
    }

    /** Reloads both lists. */
    public void refresh() {
        run("Loading operators...", () -> new Lists(api.operators(), api.tokens()), lists -> {
            operators.setAll(lists.operators());
            tokens.setAll(lists.tokens());
        });
    }

    private record Lists(List<Operator> operators, List<ApiToken> tokens) {
    }

    /**
     * Creates an operator. Returns false (and says why) when the input cannot be right; the server
     * checks it again either way.
     */
    public boolean createOperator(String username, String password, List<String> roles) {
        newUsername.set(username == null ? "" : username);
        newPassword.set(password == null ? "" : password);
        newRoles.forEach((role, box) -> box.set(roles != null && roles.contains(role)));
        return createOperator();
    }

    /**
     * Creates the operator of the "New operator" form. Refused (here or by the server), the form keeps
     * what was typed, the password included, and says why; created, it is cleared.
     */
    public boolean createOperator() {
        String username = newUsername.get();
        String password = newPassword.get();
        List<String> roles = chosen(newRoles);
        String problem = username == null || username.isBlank() ? "Enter a username."
                : passwordProblem(password) != null ? passwordProblem(password)
                : roles == null || roles.isEmpty() ? "Choose at least one role." : null;
        if (problem != null) {
            error.set(problem);
            return false;
        }
        String name = username.trim();
        List<String> chosen = List.copyOf(roles);
        run("Creating " + name + "...", () -> api.create(name, password, chosen), created -> {
            newUsername.set("");
            newPassword.set("");
            newRoles.values().forEach(box -> box.set(false));
            reloadWith("Operator " + created.username() + " created with " + String.join(", ",
                        created.roles()) + ".");
        }, failure -> { });
        return true;
    }

    /** Disables (after confirmation: their sessions end at once) or enables sign-in. */
    public void setActive(Operator operator, boolean active) {
        if (operator == null || operator.active() == active) {
            return;
        }
        if (!active && !prompts.confirm("Disable " + operator.username() + "?",
                "They cannot sign in any more and every session of theirs ends now.")) {
            return;
        }
        run((active ? "Enabling " : "Disabling ") + operator.username() + "...",
                () -> api.setActive(operator.id(), active),
                changed -> reloadWith(changed.username() + (changed.active() ? " may sign in again." : " is disabled.")));
    }

    /** Saves the selected operator's role boxes ({@link #editRoles}). */
    public void saveRoles(Operator operator) {
        setRoles(operator, chosen(editRoles));
    }

    /**
     * Sets {@code operator}'s roles. Refused (e.g. an administrator removing their own ADMIN), the role
     * boxes go back to the roles the server has, reloaded, and the refusal stays shown.
     */
    public void setRoles(Operator operator, List<String> roles) {
        if (operator == null) {
            return;
        }
        if (roles == null || roles.isEmpty()) {
            error.set("Choose at least one role.");
            return;
        }
        List<String> chosen = List.copyOf(roles);
        run("Changing roles of " + operator.username() + "...", () -> api.setRoles(operator.id(), chosen),
                changed -> reloadWith(changed.username() + " now has " + String.join(", ", changed.roles())
                        + "; it applies to their next request."), failure -> executors.run(api::operators, fresh -> {
                    operators.setAll(fresh);
                    fresh.stream().filter(o -> o.id().equals(operator.id())).findFirst().ifPresent(this::showRoles);
                }, ignored -> showRoles(operator)));
    }

    /** Sets a new password chosen by the administrator; the operator's sessions end and a lock is lifted. */
    public boolean resetPassword(Operator operator, String password) {
        if (operator == null) {
            return false;
        }
        String problem = passwordProblem(password);
        if (problem != null) {
            error.set(problem);
            return false;
        }
        run("Setting a new password for " + operator.username() + "...",
                () -> api.resetPassword(operator.id(), password),
                changed -> reloadWith("New password set for " + changed.username()
                        + "; their sessions ended. Tell them the password over a separate channel."));
        return true;
    }

    /** Creates a token; its secret goes to {@link OperatorPrompts#showTokenOnce} and nowhere else. */
    public boolean createToken(String name, List<String> scopes) {
        if (name == null || name.isBlank()) {
            error.set("Name the integration the token is for.");
            return false;
        }
        if (scopes == null || scopes.isEmpty()) {
            error.set("Choose at least one scope.");
            return false;
        }
        String trimmed = name.trim();
        List<String> chosen = List.copyOf(scopes);
        run("Creating a token for " + trimmed + "...", () -> api.createToken(trimmed, chosen), created -> {
            prompts.showTokenOnce(created.token().name(), created.secret());
            reloadWith("Token " + created.token().name() + " created. Its secret is not shown again.");
        });
        return true;
    }

    /** Revokes a token after confirmation: integrations using it are refused from then on. */
    public void revokeToken(ApiToken token) {
        if (token == null || !token.active()) {
            return;
        }
        if (!prompts.confirm("Revoke token " + token.name() + "?",
                "Every integration using it is refused from now on. This cannot be undone.")) {
            return;
        }
        run("Revoking " + token.name() + "...", () -> api.revokeToken(token.id()),
                revoked -> reloadWith("Token " + revoked.name() + " revoked."));
    }

    /** What is wrong with a new password, or null; also the hint's first half. */
    public static String passwordProblem(String password) {
        if (password == null || password.length() < PASSWORD_LENGTH_MIN) {
            return "The password needs at least " + PASSWORD_LENGTH_MIN + " characters.";
        }
        if (password.length() > PASSWORD_LENGTH_MAX) {
            return "The password may have at most " + PASSWORD_LENGTH_MAX + " characters.";
        }
        return null;
    }

    /**
     * A rough strength hint for a new password: length counts most (a passphrase of several words
     * beats a short mix of symbols), then the kinds of characters used.
     */
    public static String strengthHint(String password) {
        String text = password == null ? "" : password;
        if (text.isEmpty()) {
            return "At least " + PASSWORD_LENGTH_MIN + " characters; a passphrase of several words is best.";
        }
        String problem = passwordProblem(text);
        if (problem != null) {
            return problem;
        }
        int kinds = 0;
        kinds += text.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        kinds += text.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        kinds += text.chars().anyMatch(Character::isDigit) ? 1 : 0;
        kinds += text.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
        long distinct = text.chars().distinct().count();
        if (distinct < 5) {
            return "Weak: too few different characters.";
        }
        if (text.length() >= 16 || text.length() >= 12 && kinds >= 3) {
            return "Strong.";
        }
        return kinds >= 2 ? "Fair: longer would be stronger." : "Weak: use a longer passphrase or mix in digits and symbols.";
    }

    private void reloadWith(String message) {
        run("Reloading...", () -> new Lists(api.operators(), api.tokens()), lists -> {
            operators.setAll(lists.operators());
            tokens.setAll(lists.tokens());
            notice.set(message);
        });
    }

    private <T> void run(String status, Callable<T> work, Consumer<T> onSuccess) {
        run(status, work, onSuccess, failure -> { });
    }

    /** Runs a change; a refusal is shown in {@link #errorProperty}, and {@code onFailure} runs after. */
    private <T> void run(String status, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        if (busy.get()) {
            error.set("Wait for the last change to finish.");
            return;
        }
        error.set("");
        notice.set(status);
        busy.set(true);
        executors.run(work, result -> {
            busy.set(false);
            notice.set("");
            onSuccess.accept(result);
        }, failure -> {
            busy.set(false);
            notice.set("");
            error.set(ErrorText.of(failure));
            onFailure.accept(failure);
        });
    }

    /** The roles chosen in a set of checkboxes, in the server's order. */
    public static List<String> rolesInOrder(java.util.Collection<String> chosen) {
        List<String> ordered = new ArrayList<>();
        for (String role : OperatorsApi.ROLES) {
            if (chosen.contains(role)) {
                ordered.add(role);
            }
        }
        return ordered;
    }
}
