package teller.ui.common;

import java.util.Optional;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The console's real dialogs (modal, owned by the console window, styled by its stylesheet). */
public final class FxDialogs implements Dialogs {
    /** The server refuses longer reasons; stop the operator at the same length. */
    public static final int REASON_LENGTH_MAX = 500;

    private final Supplier<Window> owner;

    public FxDialogs(Supplier<Window> owner) {
        this.owner = owner;
    }

    /** The window dialogs belong to (the console's), or null before it shows; for a screen's own dialogs. */
    public Window owner() {
        return owner.get();
    }

    @Override
    public Optional<String> askRejectReason(String summary) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("dialogs open on the FX thread");
        }
        Dialog<String> dialog = new Dialog<>();
        Window window = owner.get();
        if (window != null) {
            dialog.initOwner(window);
            dialog.getDialogPane().getStylesheets().addAll(window.getScene().getStylesheets());
        }
        dialog.setTitle("Reject order");
        dialog.setHeaderText("Reject " + summary + "?");
        dialog.getDialogPane().setId("rejectDialog");
        dialog.getDialogPane().getStyleClass().add("reject-dialog");

        TextArea reason = new TextArea();
        reason.setId("rejectReason");
        reason.setPromptText("Why is this order rejected? The player's channel and the audit log show this reason.");
        reason.setWrapText(true);
        reason.setPrefRowCount(4);
        reason.setTextFormatter(new javafx.scene.control.TextFormatter<String>(change ->
                change.getControlNewText().length() <= REASON_LENGTH_MAX ? change : null));
        Label hint = new Label("A reason is required.");
        hint.getStyleClass().add("field-hint");
        VBox content = new VBox(8, reason, hint);
        dialog.getDialogPane().setContent(content);

        ButtonType rejectButton = new ButtonType("Reject", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, rejectButton);
        var confirm = dialog.getDialogPane().lookupButton(rejectButton);
        confirm.setId("confirmReject");
        confirm.getStyleClass().add("danger");
        confirm.disableProperty().bind(reason.textProperty().map(text -> text.isBlank()).orElse(true));
        dialog.setResultConverter(button -> button == rejectButton ? reason.getText().strip() : null);
        Platform.runLater(reason::requestFocus);
        return dialog.showAndWait().filter(text -> !text.isBlank());
    }
}
