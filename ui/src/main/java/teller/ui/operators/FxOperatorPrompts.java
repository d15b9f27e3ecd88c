package teller.ui.operators;

import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The real dialogs of the Operators screen: modal, owned by the console window, styled like it. */
public final class FxOperatorPrompts implements OperatorPrompts {
    private final Supplier<Window> owner;

    public FxOperatorPrompts(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public boolean confirm(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, message, ButtonType.CANCEL, ButtonType.OK);
        own(alert);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setId("confirmDialog");
        Button ok = (Button) alert.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("confirmOk");
        ok.setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
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
        Platform.runLater(value::selectAll);
        dialog.showAndWait();
        // The dialog's field was the only holder of the secret besides this call's argument.
        value.clear();
    }

    @Override
    public void editCap(ApprovalCapEditor editor) {
        Dialog<ButtonType> dialog = new Dialog<>();
        own(dialog);
        dialog.setTitle("Approval cap");
        dialog.setHeaderText(editor.title());
        dialog.getDialogPane().setId("capDialog");

        TextField currency = new TextField();
        currency.setId("capCurrency");
        currency.setPromptText("USD");
        currency.textProperty().bindBidirectional(editor.currencyProperty());
        currency.setEditable(editor.adding());
        currency.setFocusTraversable(editor.adding());
        TextField amount = new TextField();
        amount.setId("capAmount");
        amount.setPromptText("500.00");
        amount.textProperty().bindBidirectional(editor.amountProperty());
        Label hint = new Label(editor.amountHint());
        hint.getStyleClass().add("field-hint");
        hint.setWrapText(true);
        editor.currencyProperty().addListener((obs, before, now) -> hint.setText(editor.amountHint()));
        Label error = fieldError("capError", editor.errorProperty());
        error.getStyleClass().setAll("label", "banner", "banner-error");
        ProgressIndicator progress = new ProgressIndicator();
        progress.getStyleClass().add("small-progress");
        progress.visibleProperty().bind(editor.busyProperty());
        Label saving = new Label("Saving...");
        saving.getStyleClass().add("muted");
        saving.visibleProperty().bind(editor.busyProperty());

        VBox content = new VBox(6, new Label("Currency"), currency,
                fieldError("capCurrencyError", editor.currencyErrorProperty()),
                new Label("Maximum amount per approval"), amount, hint,
                fieldError("capAmountError", editor.amountErrorProperty()), error, new HBox(8, progress, saving));
        content.setPrefWidth(420);
        currency.disableProperty().bind(editor.busyProperty());
        amount.disableProperty().bind(editor.busyProperty());
        dialog.getDialogPane().setContent(content);
        // A problem shown or cleared changes the content's height: the window follows, so the buttons
        // stay in view.
        javafx.beans.InvalidationListener resize = changed -> Platform.runLater(() -> {
            Window window = dialog.getDialogPane().getScene() == null ? null : dialog.getDialogPane().getScene().getWindow();
            if (window != null) {
                window.sizeToScene();
            }
        });
        editor.currencyErrorProperty().addListener(resize);
        editor.amountErrorProperty().addListener(resize);
        editor.errorProperty().addListener(resize);

        ButtonType saveType = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, saveType);
        Button save = (Button) dialog.getDialogPane().lookupButton(saveType);
        save.setId("capSave");
        save.getStyleClass().add("primary");
        save.disableProperty().bind(editor.busyProperty());
        // Save keeps the dialog open: it checks the input and waits for the server, and closes only
        // once the cap is taken (below), so a problem is shown where it can be corrected.
        save.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            editor.save();
        });
        Button cancel = (Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setId("capCancel");
        cancel.disableProperty().bind(editor.busyProperty());
        editor.savedProperty().addListener((obs, before, now) -> {
            if (now) {
                dialog.setResult(saveType);
                dialog.close();
            }
        });
        TextField first = editor.adding() ? currency : amount;
        Platform.runLater(() -> {
            first.requestFocus();
            first.selectAll();
        });
        dialog.showAndWait();
    }

    private static Label fieldError(String id, javafx.beans.value.ObservableStringValue text) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("field-error");
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        // Wrapped, not cut short: the whole message is the point.
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        label.textProperty().bind(text);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    private void own(Dialog<?> dialog) {
        Window window = owner.get();
        if (window != null) {
            dialog.initOwner(window);
            dialog.getDialogPane().getStylesheets().addAll(window.getScene().getStylesheets());
        }
    }
}
