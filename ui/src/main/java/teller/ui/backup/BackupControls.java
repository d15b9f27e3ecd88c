package teller.ui.backup;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Local profile's backup controls: in the app bar the last backup's time and "Back up now…";
 * under it a warning banner (no backup for 7 days) and a status line (progress with Cancel, the
 * result or the error). Nothing here is modal.
 */
public final class BackupControls {
    private final BackupViewModel viewModel;
    private final BackupFilePicker picker;

    public BackupControls(BackupViewModel viewModel, BackupFilePicker picker) {
        this.viewModel = viewModel;
        this.picker = picker;
    }

    /** For the app bar: the last backup's time. */
    public Label lastBackupLabel() {
        Label label = new Label();
        label.setId("lastBackup");
        label.getStyleClass().add("connection-chip");
        label.textProperty().bind(viewModel.lastBackupProperty());
        label.setTooltip(new Tooltip("When this computer's local database was last backed up"));
        return label;
    }

    /** For the app bar: Back up now… (disabled with the reason for a non-ADMIN, and while a backup runs). */
    public Button backUpButton() {
        return backUpButton("backUpNow");
    }

    private Button backUpButton(String id) {
        Button button = new Button("Back up now…");
        button.setId(id);
        button.getStyleClass().add("flat");
        button.disableProperty().bind(viewModel.runningProperty().or(Bindings.createBooleanBinding(() -> !viewModel.allowed())));
        button.setTooltip(new Tooltip(viewModel.allowed()
                ? "Write a backup file of the local database (restore it with the restore command)"
                : viewModel.disabledReason()));
        button.setOnAction(e -> viewModel.backUp(picker));
        return button;
    }

    /** Under the app bar: the 7-day warning and the backup's status line; both hidden when empty. */
    public Node banners() {
        Label warningText = new Label();
        warningText.setId("backupWarningText");
        warningText.setWrapText(true);
        warningText.textProperty().bind(viewModel.warningProperty());
        HBox.setHgrow(warningText, Priority.ALWAYS);
        warningText.setMaxWidth(Double.MAX_VALUE);
        HBox warning = new HBox(12, warningText, backUpButton("backUpFromBanner"));
        warning.setId("backupWarning");
        warning.setAlignment(Pos.CENTER_LEFT);
        warning.getStyleClass().addAll("banner", "banner-warning");
        warning.visibleProperty().bind(viewModel.warningProperty().isNotEmpty());
        warning.managedProperty().bind(warning.visibleProperty());

        Label statusText = new Label();
        statusText.setId("backupStatus");
        statusText.setWrapText(true);
        statusText.textProperty().bind(Bindings.when(viewModel.errorProperty().isNotEmpty())
                .then(viewModel.errorProperty()).otherwise(viewModel.progressProperty()));
        HBox.setHgrow(statusText, Priority.ALWAYS);
        statusText.setMaxWidth(Double.MAX_VALUE);
        Button cancel = new Button("Cancel");
        cancel.setId("cancelBackup");
        cancel.visibleProperty().bind(viewModel.runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> viewModel.cancel());
        HBox status = new HBox(12, statusText, cancel);
        status.setId("backupStatusBar");
        status.setAlignment(Pos.CENTER_LEFT);
        status.getStyleClass().addAll("banner", "banner-info");
        status.visibleProperty().bind(statusText.textProperty().isNotEmpty());
        status.managedProperty().bind(status.visibleProperty());
        viewModel.errorProperty().addListener((obs, before, now) -> {
            status.getStyleClass().removeAll("banner-info", "banner-error");
            status.getStyleClass().add(now.isEmpty() ? "banner-info" : "banner-error");
        });

        VBox banners = new VBox(6, warning, status);
        banners.setId("backupBanners");
        banners.setStyle("-fx-padding: 6 12 0 12;");
        banners.managedProperty().bind(warning.visibleProperty().or(status.visibleProperty()));
        banners.visibleProperty().bind(banners.managedProperty());
        return banners;
    }
}
