package teller.ui.connect;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import teller.ui.common.FxmlView;

/** The connect screen's controller: binds the form to {@link ConnectViewModel} and forwards the action. */
public final class ConnectView extends FxmlView {
    private final ConnectViewModel viewModel;

    @FXML private ToggleGroup modeGroup;
    @FXML private RadioButton localMode;
    @FXML private RadioButton remoteMode;
    @FXML private Label localDescription;
    @FXML private GridPane remoteFields;
    @FXML private Label serverLabel;
    @FXML private TextField serverUrl;
    @FXML private javafx.scene.layout.VBox firstRunBox;
    @FXML private TextField firstRunPassword;
    @FXML private TextField username;
    @FXML private PasswordField password;
    @FXML private CheckBox allowUnencrypted;
    @FXML private Label unencryptedWarning;
    @FXML private Label error;
    @FXML private Button connect;
    @FXML private ProgressIndicator progress;
    @FXML private Label status;
    @FXML private StackPane connectRoot;

    public ConnectView(ConnectViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        // A focused radio button swallows Enter; on this form Enter always means "Connect".
        connectRoot.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ENTER && event.getTarget() instanceof RadioButton) {
                event.consume();
                connect();
            }
        });
        localDescription.setText(viewModel.localDescription());
        modeGroup.selectToggle(viewModel.modeProperty().get() == ConnectViewModel.Mode.LOCAL ? localMode : remoteMode);
        modeGroup.selectedToggleProperty().addListener((obs, before, toggle) -> {
            if (toggle == null) {
                // A radio group always has a choice: clicking the selected one again keeps it.
                modeGroup.selectToggle(before);
                return;
            }
            viewModel.modeProperty().set(toggle == localMode ? ConnectViewModel.Mode.LOCAL : ConnectViewModel.Mode.REMOTE);
        });
        // The radio follows the mode set later too (after a Remote sign-out the console sets it back to
        // Remote: the radio said Local while the Remote fields showed, issue 16).
        viewModel.modeProperty().addListener((obs, before, mode) ->
                modeGroup.selectToggle(mode == ConnectViewModel.Mode.LOCAL ? localMode : remoteMode));
        var remote = viewModel.modeProperty().isEqualTo(ConnectViewModel.Mode.REMOTE);
        // Local asks for a username and password too, unless it is the one-click demo (issue 16).
        var credentials = remote.or(javafx.beans.binding.Bindings.createBooleanBinding(() -> !viewModel.localOneClick()));
        remoteFields.visibleProperty().bind(credentials);
        remoteFields.managedProperty().bind(credentials);
        serverLabel.visibleProperty().bind(remote);
        serverLabel.managedProperty().bind(remote);
        serverUrl.visibleProperty().bind(remote);
        serverUrl.managedProperty().bind(remote);
        var firstRun = viewModel.firstRunPasswordProperty().isNotEmpty();
        firstRunPassword.textProperty().bind(viewModel.firstRunPasswordProperty());
        firstRunBox.visibleProperty().bind(firstRun);
        firstRunBox.managedProperty().bind(firstRun);
        remoteFields.disableProperty().bind(viewModel.busyProperty());
        localDescription.visibleProperty().bind(remote.not());
        localDescription.managedProperty().bind(remote.not());
        if (viewModel.localOneClick()) {
            localMode.setText("Local — demo, one click");
        }

        serverUrl.textProperty().bindBidirectional(viewModel.serverUrlProperty());
        username.textProperty().bindBidirectional(viewModel.usernameProperty());
        password.textProperty().bindBidirectional(viewModel.passwordProperty());
        allowUnencrypted.setSelected(viewModel.allowUnencryptedProperty().get());
        // Only offered (and only warned about) while the address is plain http:// to another computer.
        var unencrypted = viewModel.unencryptedRemoteProperty();
        allowUnencrypted.visibleProperty().bind(unencrypted.and(remote));
        allowUnencrypted.managedProperty().bind(unencrypted.and(remote));
        unencryptedWarning.visibleProperty().bind(unencrypted.and(remote));
        unencryptedWarning.managedProperty().bind(unencrypted.and(remote));

        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        status.textProperty().bind(viewModel.statusProperty());
        progress.visibleProperty().bind(viewModel.busyProperty());
        connect.disableProperty().bind(viewModel.canConnectProperty().not());
        localMode.disableProperty().bind(viewModel.busyProperty().or(
                javafx.beans.binding.Bindings.createBooleanBinding(() -> !viewModel.localAvailable())));
        remoteMode.disableProperty().bind(viewModel.busyProperty());
        // After a refused attempt the (cleared) password is what the operator types next.
        viewModel.busyProperty().addListener((obs, was, now) -> {
            if (was && !now && remoteFields.isVisible()) {
                password.requestFocus();
            }
        });
    }

    @FXML
    private void allowUnencryptedChanged() {
        viewModel.allowUnencryptedProperty().set(allowUnencrypted.isSelected());
    }

    @FXML
    private void continueAfterFirstRun() {
        viewModel.continueAfterFirstRun();
    }

    @FXML
    private void connect() {
        viewModel.connect();
    }
}
