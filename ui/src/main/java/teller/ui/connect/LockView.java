package teller.ui.connect;

import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The lock screen, built in code (a form of five controls): who is signed in (fixed), why the
 * console locked, the password, Unlock (Enter) and Sign out.
 */
public final class LockView {
    private final LockViewModel viewModel;

    public LockView(LockViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public Parent build() {
        Label brand = new Label("Teller");
        brand.getStyleClass().add("brand-title");
        Label title = new Label("Console locked");
        title.getStyleClass().add("lock-title");
        Label reason = new Label();
        reason.setId("lockReason");
        reason.getStyleClass().add("muted");
        reason.setWrapText(true);
        reason.textProperty().bind(viewModel.reasonProperty());

        Label user = new Label(viewModel.username());
        user.setId("lockUser");
        user.getStyleClass().add("lock-user");
        Label server = new Label(viewModel.server());
        server.getStyleClass().add("field-hint");
        VBox who = new VBox(2, user, server);
        who.getStyleClass().add("lock-who");

        PasswordField password = new PasswordField();
        password.setId("lockPassword");
        password.setPromptText("Password");
        password.textProperty().bindBidirectional(viewModel.passwordProperty());
        password.setVisible(viewModel.passwordRequired());
        password.setManaged(viewModel.passwordRequired());
        password.disableProperty().bind(viewModel.busyProperty());

        Label error = new Label();
        error.setId("lockError");
        error.getStyleClass().addAll("banner", "banner-error");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        Button unlock = new Button(viewModel.passwordRequired() ? "Unlock" : "Unlock (demo)");
        unlock.setId("unlock");
        unlock.getStyleClass().add("primary");
        unlock.setDefaultButton(true);
        unlock.disableProperty().bind(viewModel.canUnlockProperty().not());
        unlock.setOnAction(e -> viewModel.unlock());
        ProgressIndicator progress = new ProgressIndicator();
        progress.getStyleClass().add("small-progress");
        progress.visibleProperty().bind(viewModel.busyProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button signOut = new Button("Sign out");
        signOut.setId("lockSignOut");
        signOut.getStyleClass().add("flat");
        signOut.disableProperty().bind(viewModel.busyProperty());
        signOut.setOnAction(e -> viewModel.signOut());
        HBox actions = new HBox(12, unlock, progress, spacer, signOut);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label passwordLabel = new Label("Password");
        passwordLabel.setLabelFor(password);
        passwordLabel.setVisible(viewModel.passwordRequired());
        passwordLabel.setManaged(viewModel.passwordRequired());
        VBox passwordBox = new VBox(6, passwordLabel, password);
        VBox card = new VBox(16, new VBox(4, brand, title), reason, who, passwordBox, error, actions);
        card.getStyleClass().addAll("card", "connect-card");
        card.setMaxWidth(440);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        StackPane root = new StackPane(card);
        root.setId("lockRoot");
        root.getStyleClass().add("connect-root");
        viewModel.busyProperty().addListener((obs, was, now) -> {
            if (was && !now) {
                password.requestFocus();
            }
        });
        Platform.runLater(viewModel.passwordRequired() ? password::requestFocus : unlock::requestFocus);
        return root;
    }
}
