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

        // The usual reasons, picked with a digit key (or Up/Down and Enter); anything else is typed below.
        javafx.scene.control.ListView<String> common = new javafx.scene.control.ListView<>(
                javafx.collections.FXCollections.observableArrayList(COMMON_REJECT_REASONS));
        common.setId("commonReasons");
        common.setPrefHeight(COMMON_REJECT_REASONS.size() * 26 + 4);
        common.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : (getIndex() + 1) + "  " + item);
            }
        });
        TextArea reason = new TextArea();
        reason.setId("rejectReason");
        reason.setPromptText("Why is this order rejected? The player's channel and the audit log show this reason.");
        reason.setWrapText(true);
        reason.setPrefRowCount(4);
        reason.setTextFormatter(new javafx.scene.control.TextFormatter<String>(change ->
                change.getControlNewText().length() <= REASON_LENGTH_MAX ? change : null));
        Label hint = new Label();
        hint.setId("rejectReasonRequired");
        hint.getStyleClass().add("field-hint");
        hint.setWrapText(true);
        // The "required" message goes once something is typed (issue 16).
        hint.textProperty().bind(reason.textProperty().map(text -> text.isBlank()
                ? "A reason is required: press 1–" + COMMON_REJECT_REASONS.size() + " for a usual one, or type your own."
                : "").orElse(""));
        hint.visibleProperty().bind(hint.textProperty().isNotEmpty());
        hint.managedProperty().bind(hint.visibleProperty());
        // Said where it stays in view, not only in the prompt that typing hides.
        Label seen = new Label("The player sees this reason in their channel; the audit log keeps it.");
        seen.setId("rejectReasonSeen");
        seen.getStyleClass().add("field-hint");
        seen.setWrapText(true);
        VBox content = new VBox(8, common, reason, seen, hint);
        dialog.getDialogPane().setContent(content);

        ButtonType rejectButton = new ButtonType("Reject", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, rejectButton);
        var confirm = dialog.getDialogPane().lookupButton(rejectButton);
        confirm.setId("confirmReject");
        confirm.getStyleClass().add("danger");
        common.getSelectionModel().selectedItemProperty().addListener((obs, before, picked) -> {
            if (picked != null) {
                reason.setText(picked);
            }
        });
        common.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, key -> {
            String typed = key.getCode().isDigitKey() ? key.getCode().getChar() : key.getText();
            if (typed != null && typed.length() == 1 && Character.isDigit(typed.charAt(0))) {
                int index = typed.charAt(0) - '1';
                if (index >= 0 && index < COMMON_REJECT_REASONS.size()) {
                    reason.setText(COMMON_REJECT_REASONS.get(index));
                    key.consume();
                    ((javafx.scene.control.Button) confirm).fire();
                }
            }
        });
        confirm.disableProperty().bind(reason.textProperty().map(text -> text.isBlank()).orElse(true));
        textAreaKeys(reason, (javafx.scene.control.Button) confirm);
        dialog.setResultConverter(button -> button == rejectButton ? reason.getText().strip() : null);
        Platform.runLater(common::requestFocus);
        return dialog.showAndWait().filter(text -> text != null && !text.isBlank());
    }

    @Override
    public boolean confirmApproval(String summary, java.util.List<String> risks) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("dialogs open on the FX thread");
        }
        Dialog<ButtonType> dialog = new Dialog<>();
        Window window = owner.get();
        if (window != null) {
            dialog.initOwner(window);
            dialog.getDialogPane().getStylesheets().addAll(window.getScene().getStylesheets());
        }
        dialog.setTitle("Confirm approval");
        dialog.setHeaderText("Approve " + summary + "?");
        dialog.getDialogPane().setId("confirmApprovalDialog");
        VBox lines = riskLines(risks);
        Label keys = new Label("A approves, Esc or Enter cancels.");
        keys.getStyleClass().add("field-hint");
        lines.getChildren().add(keys);
        lines.setId("approvalRisks");
        lines.setPrefWidth(460);
        dialog.getDialogPane().setContent(lines);
        ButtonType approve = new ButtonType("Approve", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, approve);
        javafx.scene.control.Button approveButton = (javafx.scene.control.Button) dialog.getDialogPane().lookupButton(approve);
        approveButton.setId("confirmRiskyApproval");
        approveButton.setDefaultButton(false);
        approveButton.getStyleClass().add("primary");
        javafx.scene.control.Button cancel = (javafx.scene.control.Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setDefaultButton(true);
        // The one confirmation is the same key again: A, A; a slip of Enter approves nothing.
        dialog.getDialogPane().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, key -> {
            if (key.getCode() == javafx.scene.input.KeyCode.A && !key.isShortcutDown() && !key.isAltDown()) {
                key.consume();
                approveButton.fire();
            }
        });
        dialog.setOnShown(e -> Platform.runLater(cancel::requestFocus));
        return dialog.showAndWait().filter(approve::equals).isPresent();
    }

    /** The risks of an approval, one warning line each (none: an empty box). */
    private static VBox riskLines(java.util.List<String> risks) {
        VBox lines = new VBox(6);
        for (String risk : risks) {
            Label line = new Label(risk);
            line.setWrapText(true);
            line.getStyleClass().addAll("banner", "banner-warning", "approval-risk");
            line.setMaxWidth(Double.MAX_VALUE);
            lines.getChildren().add(line);
        }
        lines.setManaged(!risks.isEmpty());
        return lines;
    }

    /**
     * A dialog's text area as a field: Tab and Shift+Tab move the focus on (a tab character is no
     * part of a reason or note), and Ctrl+Enter (Cmd+Enter) presses {@code submit} when it is enabled.
     */
    public static void textAreaKeys(TextArea area, javafx.scene.control.Button submit) {
        area.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, key -> {
            if (key.getCode() == javafx.scene.input.KeyCode.TAB && !key.isControlDown()) {
                key.consume();
                // The text area's own traversal key (Ctrl+Tab, Ctrl+Shift+Tab back) moves the focus.
                area.fireEvent(new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED, "", "",
                        javafx.scene.input.KeyCode.TAB, key.isShiftDown(), true, false, false));
            } else if (key.getCode() == javafx.scene.input.KeyCode.ENTER && key.isShortcutDown()) {
                key.consume();
                if (!submit.isDisabled()) {
                    submit.fire();
                }
            }
        });
    }

    /** Reasons operators give most often; the first few a digit key away in the reject dialog. */
    public static final java.util.List<String> COMMON_REJECT_REASONS = java.util.List.of(
            "Payment not received", "Proof does not match the amount", "Proof is unreadable or altered",
            "Duplicate of an earlier order", "Player asked to cancel", "Suspected fraud");

    @Override
    public Optional<String> askApproveNote(String summary) {
        return askApproveNote(summary, java.util.List.of());
    }

    @Override
    public Optional<String> askApproveNote(String summary, java.util.List<String> risks) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("dialogs open on the FX thread");
        }
        Dialog<String> dialog = new Dialog<>();
        Window window = owner.get();
        if (window != null) {
            dialog.initOwner(window);
            dialog.getDialogPane().getStylesheets().addAll(window.getScene().getStylesheets());
        }
        dialog.setTitle("Approve with a note");
        dialog.setHeaderText("Approve " + summary + "?");
        dialog.getDialogPane().setId("approveDialog");
        TextArea note = new TextArea();
        note.setId("approveNote");
        note.setPromptText("An optional note for the audit log and the order's history.");
        note.setWrapText(true);
        note.setPrefRowCount(3);
        note.setTextFormatter(new javafx.scene.control.TextFormatter<String>(change ->
                change.getControlNewText().length() <= REASON_LENGTH_MAX ? change : null));
        VBox content = new VBox(8, riskLines(risks), note);
        dialog.getDialogPane().setContent(content);
        ButtonType approveButton = new ButtonType("Approve", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, approveButton);
        dialog.getDialogPane().lookupButton(approveButton).setId("confirmApprove");
        textAreaKeys(note, (javafx.scene.control.Button) dialog.getDialogPane().lookupButton(approveButton));
        dialog.setResultConverter(button -> button == approveButton ? note.getText().strip() : null);
        Platform.runLater(note::requestFocus);
        return dialog.showAndWait();
    }
}
