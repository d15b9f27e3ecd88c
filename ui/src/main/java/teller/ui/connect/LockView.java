package teller.ui.connect;

import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import teller.ui.common.FxmlView;
import teller.ui.common.Nodes;

/**
 * The lock screen's controller (LockView.fxml): who is signed in (fixed), why the console locked,
 * the password, Unlock (Enter) and Sign out.
 */
public final class LockView extends FxmlView {
    private final LockViewModel viewModel;

    @FXML private Label lockReason;
    @FXML private Label lockUser;
    @FXML private Label lockServer;
    @FXML private Label passwordLabel;
    @FXML private PasswordField lockPassword;
    @FXML private Label lockError;
    @FXML private Button unlock;
    @FXML private ProgressIndicator progress;
    @FXML private Button lockSignOut;

    public LockView(LockViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        lockReason.textProperty().bind(viewModel.reasonProperty());
        lockUser.setText(viewModel.username());
        lockServer.setText(viewModel.server());

        boolean passwordRequired = viewModel.passwordRequired();
        lockPassword.textProperty().bindBidirectional(viewModel.passwordProperty());
        lockPassword.setVisible(passwordRequired);
        lockPassword.setManaged(passwordRequired);
        lockPassword.disableProperty().bind(viewModel.busyProperty());
        passwordLabel.setLabelFor(lockPassword);
        passwordLabel.setVisible(passwordRequired);
        passwordLabel.setManaged(passwordRequired);
        Nodes.showText(lockError, viewModel.errorProperty());

        unlock.setText(passwordRequired ? "Unlock" : "Unlock (demo)");
        unlock.disableProperty().bind(viewModel.canUnlockProperty().not());
        progress.visibleProperty().bind(viewModel.busyProperty());
        lockSignOut.disableProperty().bind(viewModel.busyProperty());
        viewModel.busyProperty().addListener((obs, was, now) -> {
            if (was && !now) {
                lockPassword.requestFocus();
            }
        });
        Platform.runLater(passwordRequired ? lockPassword::requestFocus : unlock::requestFocus);
    }

    @FXML
    private void unlock() {
        viewModel.unlock();
    }

    @FXML
    private void signOut() {
        viewModel.signOut();
    }
}
