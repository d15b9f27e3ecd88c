package teller.app;

import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;

/**
 * A desktop start that cannot go ahead ({@link DataDirectoryLock.StartProblem}): the reason in a
 * dialog (and on the console, for a terminal or a session without a display), then exit 1. Nothing
 * was written.
 */
final class StartProblemDialog {
    static final int EXIT_CANNOT_START = 1;

    private StartProblemDialog() {
    }

    /** The dialog; call on the FX thread. */
    static Alert alert(DataDirectoryLock.StartProblem problem) {
        Alert alert = new Alert(Alert.AlertType.ERROR, problem.getMessage(), ButtonType.CLOSE);
        alert.setTitle("Teller");
        alert.setHeaderText(problem.title());
        alert.getDialogPane().setMinWidth(520);
        return alert;
    }

    static void showAndExit(DataDirectoryLock.StartProblem problem) {
        System.err.println("Teller cannot start: " + problem.getMessage());
        try {
            // show(), not showAndWait(): inside the start-up runnable a nested event loop never paints the dialog.
            Platform.startup(() -> {
                Alert alert = alert(problem);
                alert.setOnHidden(event -> {
                    Platform.exit();
                    System.exit(EXIT_CANNOT_START);
                });
                alert.show();
            });
        } catch (UnsupportedOperationException | IllegalStateException noDisplay) {
            System.exit(EXIT_CANNOT_START);
        }
    }
}
