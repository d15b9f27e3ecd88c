package teller.ui.common;

import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ObservableStringValue;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The modal dialog of a {@link CurrencyAmountEditor}: currency, amount with its hint, each problem
 * under its field, the server's refusal above the buttons. Save (or Enter) keeps it open until the
 * server has taken the rule; Cancel (or Escape) closes it without sending anything.
 */
public final class CurrencyAmountDialog {
    private static final double CONTENT_WIDTH = 420;

    /**
     * The dialog's words and node ids.
     *
     * @param idPrefix    prefixes every node id, e.g. {@code cap}: {@code #capDialog}, {@code #capCurrency},
     *                    {@code #capAmount}, {@code #capSave}, {@code #capCancel}, {@code #capError},
     *                    {@code #capCurrencyError}, {@code #capAmountError}
     * @param windowTitle e.g. "Approval cap"
     * @param amountLabel the amount field's label, e.g. "Maximum amount per approval"
     */
    public record Texts(String idPrefix, String windowTitle, String amountLabel) {
    }

    private CurrencyAmountDialog() {
    }

    /** Shows the dialog owned by {@code owner} (null: none) until it is cancelled or the rule is saved. */
    public static void show(Window owner, CurrencyAmountEditor<?> editor, Texts texts) {
        String id = texts.idPrefix();
        Dialog<ButtonType> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
            dialog.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        dialog.setTitle(texts.windowTitle());
        dialog.setHeaderText(editor.title());
        dialog.getDialogPane().setId(id + "Dialog");

        TextField currency = new TextField();
        currency.setId(id + "Currency");
        currency.setPromptText("USD");
        currency.textProperty().bindBidirectional(editor.currencyProperty());
        currency.setEditable(editor.adding());
        currency.setFocusTraversable(editor.adding());
        TextField amount = new TextField();
        amount.setId(id + "Amount");
        amount.setPromptText("500.00");
        amount.textProperty().bindBidirectional(editor.amountProperty());
        Label hint = new Label(editor.amountHint());
        hint.getStyleClass().add("field-hint");
        hint.setWrapText(true);
        editor.currencyProperty().addListener((obs, before, now) -> hint.setText(editor.amountHint()));
        Label error = fieldError(id + "Error", editor.errorProperty());
        error.getStyleClass().setAll("label", "banner", "banner-error");
        ProgressIndicator progress = new ProgressIndicator();
        progress.getStyleClass().add("small-progress");
        progress.visibleProperty().bind(editor.busyProperty());
        Label saving = new Label("Saving...");
        saving.getStyleClass().add("muted");
        saving.visibleProperty().bind(editor.busyProperty());

        VBox content = new VBox(6, new Label("Currency"), currency,
                fieldError(id + "CurrencyError", editor.currencyErrorProperty()),
                new Label(texts.amountLabel()), amount, hint,
                fieldError(id + "AmountError", editor.amountErrorProperty()), error, new HBox(8, progress, saving));
        content.setPrefWidth(CONTENT_WIDTH);
        currency.disableProperty().bind(editor.busyProperty());
        amount.disableProperty().bind(editor.busyProperty());
        dialog.getDialogPane().setContent(content);
        // A problem shown or cleared changes the content's height: the window follows, so the buttons
        // stay in view.
        InvalidationListener resize = changed -> Platform.runLater(() -> {
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
        save.setId(id + "Save");
        save.getStyleClass().add("primary");
        save.disableProperty().bind(editor.busyProperty());
        // Save keeps the dialog open: it checks the input and waits for the server, and closes only
        // once the rule is taken (below), so a problem is shown where it can be corrected.
        save.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            editor.save();
        });
        Button cancel = (Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setId(id + "Cancel");
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

    private static Label fieldError(String id, ObservableStringValue text) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("field-error");
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        // Wrapped, not cut short: the whole message is the point.
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.textProperty().bind(text);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }
}
