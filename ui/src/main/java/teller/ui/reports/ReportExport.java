package teller.ui.reports;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import teller.ui.api.ApiException;
import teller.ui.api.Download;
import teller.ui.api.DownloadCancelledException;
import teller.ui.api.ReportsApi;
import teller.ui.common.ErrorText;
import teller.ui.common.UiExecutors;

/**
 * The reports screen's export: one download at a time to a file the operator picks, with its
 * progress, a status line and cancel. {@link ReportsViewModel} decides what is exported and exposes
 * this state as its own.
 */
final class ReportExport {
    private final ReportsApi api;
    private final UiExecutors executors;
    private final ExportFilePicker picker;

    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper();
    private final ReadOnlyLongWrapper exportBytes = new ReadOnlyLongWrapper();
    /** 0..1, or -1 (indeterminate) while the server has not said how long the file is. */
    private final ReadOnlyDoubleWrapper exportProgress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper exportStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper exportFailed = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Path> lastExport = new ReadOnlyObjectWrapper<>();

    private Download download;

    ReportExport(ReportsApi api, UiExecutors executors, ExportFilePicker picker) {
        this.api = api;
        this.executors = executors;
        this.picker = picker;
    }

    ReadOnlyBooleanProperty exportingProperty() {
        return exporting.getReadOnlyProperty();
    }

    ReadOnlyLongProperty exportBytesProperty() {
        return exportBytes.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty exportProgressProperty() {
        return exportProgress.getReadOnlyProperty();
    }

    ReadOnlyStringProperty exportStatusProperty() {
        return exportStatus.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty exportFailedProperty() {
        return exportFailed.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<Path> lastExportProperty() {
        return lastExport.getReadOnlyProperty();
    }

    /** An export that was not started, and why. */
    void refuse(String status) {
        exportFailed.set(true);
        exportStatus.set(status);
    }

    /**
     * Asks where to save {@code kind} as {@code format} (suggesting {@code fileName}), then downloads
     * it there in the background. The caller has checked that no export runs and the range is valid.
     */
    void start(ExportFormat format, ReportKind kind, LocalDate from, LocalDate to, String granularity, String fileName) {
        Optional<Path> chosen = picker.choose(fileName, format);
        if (chosen.isEmpty()) {
            return;
        }
        Path target = chosen.get();
        Download running = api.export(kind.apiName(), format.apiName(), from, to, granularity);
        download = running;
        exporting.set(true);
        exportFailed.set(false);
        exportBytes.set(0);
        exportProgress.set(-1);
        exportStatus.set("Exporting " + kind.title() + " as " + format.name() + " to " + target.getFileName() + "…");
        AtomicLong latestBytes = new AtomicLong();
        AtomicLong latestTotal = new AtomicLong(-1);
        AtomicBoolean updatePending = new AtomicBoolean();
        executors.run(() -> running.saveTo(target, (bytes, total) -> {
            latestBytes.set(bytes);
            latestTotal.set(total);
            // One UI update in flight at a time: a fast download must not flood the FX thread.
            if (updatePending.compareAndSet(false, true)) {
                executors.onUi(() -> {
                    updatePending.set(false);
                    if (download == running) {
                        showProgress(latestBytes.get(), latestTotal.get());
                    }
                });
            }
        }), bytes -> {
            // The outcome is in place before "exporting" turns false: whoever watches it reads the result.
            showProgress(bytes, bytes);
            lastExport.set(target);
            exportStatus.set("Saved " + target + " (" + sizeText(bytes) + ")");
            finishExport(running);
        }, failure -> {
            exportFailed.set(true);
            if (failure instanceof DownloadCancelledException) {
                exportStatus.set("Export cancelled; no file was written.");
            } else if (failure instanceof ApiException api) {
                exportStatus.set("The server refused the " + format.name() + " export: " + api.describe());
            } else {
                exportStatus.set("Export failed, no file was written: " + ErrorText.of(failure));
            }
            finishExport(running);
        });
    }

    private void finishExport(Download finished) {
        if (download == finished) {
            download = null;
        }
        exporting.set(false);
    }

    private void showProgress(long bytes, long total) {
        exportBytes.set(bytes);
        exportProgress.set(total > 0 ? Math.min(1.0, (double) bytes / total) : -1);
    }

    /** Aborts the running export; its partial file is deleted. */
    void cancel() {
        Download running = download;
        if (running != null) {
            running.cancel();
        }
    }

    static String sizeText(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(java.util.Locale.US, "%.1f KB", bytes / 1024.0);
        }
        return String.format(java.util.Locale.US, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
