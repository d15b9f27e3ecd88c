package teller.ui.common;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** The console's confirmation of a change that cannot simply be undone: Cancel is the default, OK is {@code #confirmOk}. */
public final class FxConfirm {
    private FxConfirm() {
    }

    /** Asks in a modal alert owned by {@code owner} (null: none); true to go ahead. */
    public static boolean ask(Window owner, String title, String message) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, message, ButtonType.CANCEL, ButtonType.OK);
        if (owner != null) {
            alert.initOwner(owner);
            alert.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setId("confirmDialog");
        Button ok = (Button) alert.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("confirmOk");
        ok.setDefaultButton(false);
        // A slip of Enter must not remove anything.
        Button cancel = (Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setId("confirmCancel");
        cancel.setDefaultButton(true);
        // It opens on the safe button, Cancel.
        alert.setOnShown(e -> javafx.application.Platform.runLater(cancel::requestFocus));
        return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }
}
