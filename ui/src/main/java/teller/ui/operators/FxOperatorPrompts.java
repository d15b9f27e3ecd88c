package teller.ui.operators;

import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import teller.ui.common.CurrencyAmountDialog;
import teller.ui.common.FxConfirm;

/** The real dialogs of the Operators screen: modal, owned by the console window, styled like it. */
public final class FxOperatorPrompts implements OperatorPrompts {
    private final Supplier<Window> owner;

    public FxOperatorPrompts(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public boolean confirm(String title, String message) {
        return FxConfirm.ask(owner.get(), title, message);
    }

    @Override
    public void showTokenOnce(String tokenName, String secret) {
        Dialog<Void> dialog = new Dialog<>();
        own(dialog);
        dialog.setTitle("New API token");
        dialog.setHeaderText("Token for " + tokenName);
        dialog.getDialogPane().setId("tokenDialog");
        dialog.getDialogPane().getStyleClass().add("token-dialog");

        TextField value = new TextField(secret);
        value.setId("newTokenSecret");
        value.setEditable(false);
        value.getStyleClass().add("mono");
        HBox.setHgrow(value, Priority.ALWAYS);
        Label copied = new Label();
        copied.setId("tokenCopied");
        copied.getStyleClass().add("field-hint");
        Button copy = new Button("Copy");
        copy.setId("copyToken");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(value.getText());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
            copied.setText("Copied. Paste it into the integration's settings now.");
        });
        Label warning = new Label("This is the only time the token is shown. Copy it into the integration's"
                + " configuration now; if it is lost, revoke it and create a new one.");
        warning.setWrapText(true);
        warning.getStyleClass().addAll("banner", "banner-warning");
        VBox content = new VBox(10, warning, new HBox(8, value, copy), copied);
        content.setPrefWidth(520);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.getDialogPane().lookupButton(ButtonType.CLOSE).setId("closeTokenDialog");
        // Opens on its one field, the token selected for copying.
        dialog.setOnShown(e -> Platform.runLater(() -> {
            value.requestFocus();
            value.selectAll();
        }));
        dialog.showAndWait();
        // The dialog's field was the only holder of the secret besides this call's argument.
        value.clear();
    }

    @Override
    public void editCap(ApprovalCapEditor editor) {
        CurrencyAmountDialog.show(owner.get(), editor,
                new CurrencyAmountDialog.Texts("cap", "Approval cap", "Maximum amount per approval"));
    }

    private void own(Dialog<?> dialog) {
        Window window = owner.get();
        if (window != null) {
            dialog.initOwner(window);
            dialog.getDialogPane().getStylesheets().addAll(window.getScene().getStylesheets());
        }
    }
}
