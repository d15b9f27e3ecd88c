package teller.ui.providers;

import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import teller.ui.common.FxDialogs;

/** The Void dialog: a required reason, no longer than the server accepts. */
public final class FxVoidDialogs implements FailedExecutionsViewModel.VoidDialogs {
    private final Supplier<Window> owner;

    public FxVoidDialogs(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Optional<String> askVoidReason(String summary) {
        Dialog<String> dialog = new Dialog<>();
        Window window = owner.get();
        if (window != null) {
            dialog.initOwner(window);
            dialog.getDialogPane().getStylesheets().addAll(window.getScene().getStylesheets());
        }
        dialog.setTitle("Void order");
        dialog.setHeaderText("Void " + summary + "? A reversing posting undoes it in the ledger.");
        dialog.getDialogPane().setId("voidDialog");
        TextArea reason = new TextArea();
        reason.setId("voidReason");
        reason.setPrefRowCount(3);
        reason.setWrapText(true);
        reason.setTextFormatter(new javafx.scene.control.TextFormatter<String>(change ->
                change.getControlNewText().length() <= FxDialogs.REASON_LENGTH_MAX ? change : null));
        dialog.getDialogPane().setContent(new VBox(8, new Label("Reason (required)"), reason));
        ButtonType confirm = new ButtonType("Void", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(confirm, ButtonType.CANCEL);
        javafx.scene.control.Button voidButton = (javafx.scene.control.Button) dialog.getDialogPane().lookupButton(confirm);
        voidButton.setId("confirmVoid");
        voidButton.disableProperty().bind(reason.textProperty().map(String::isBlank).orElse(true));
        FxDialogs.textAreaKeys(reason, voidButton);
        dialog.setResultConverter(button -> button == confirm ? reason.getText().trim() : null);
        // Opens on its one field (a requestFocus before showing went nowhere).
        dialog.setOnShown(e -> javafx.application.Platform.runLater(reason::requestFocus));
        return dialog.showAndWait().filter(text -> !text.isBlank());
    }
}
