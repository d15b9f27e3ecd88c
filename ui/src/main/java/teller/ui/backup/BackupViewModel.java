package teller.ui.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import teller.ui.common.AgeFormat;
import teller.ui.common.ErrorText;
import teller.ui.common.Notices;
import teller.ui.common.UiExecutors;

/**
 * "Back up now…" of the Local profile (decision 0130): runs the backup in the background with its
 * progress, can cancel it, announces the file and its size, shows when the last backup was taken and
 * warns (a banner, not a dialog) when there has been none for {@link #REMIND_AFTER}. Only an ADMIN
 * may back up; anyone else sees why not. Testable without the FX thread ({@link UiExecutors#inline()}).
 */
public final class BackupViewModel {
    /** A week without a backup earns the banner. */
    public static final Duration REMIND_AFTER = Duration.ofDays(7);
    public static final String ADMIN_ONLY = "Only an ADMIN can back up the local database.";
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final UiExecutors executors;
    private final LocalBackups backups;
    private final Clock clock;
    private final Notices notices;
    private final boolean allowed;
    private final ReadOnlyStringWrapper lastBackup = new ReadOnlyStringWrapper("Last backup: …");
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private AtomicBoolean cancel = new AtomicBoolean();
    private Optional<LocalBackups.Backup> last = Optional.empty();

    /**
     * @param clock   the time the last backup's age and the 7-day warning are measured against
     * @param allowed whether the signed-in operator is an ADMIN
     */
    public BackupViewModel(UiExecutors executors, LocalBackups backups, Clock clock, Notices notices, boolean allowed) {
        this.executors = Objects.requireNonNull(executors);
        this.backups = Objects.requireNonNull(backups);
        this.clock = Objects.requireNonNull(clock);
        this.notices = Objects.requireNonNull(notices);
        this.allowed = allowed;
    }

    /** Reads the last backup again (in the background) and updates its line and the warning. */
    public void refresh() {
        executors.run(backups::last, this::show, failure -> error.set("Could not read the last backup: "
                + ErrorText.of(failure)));
    }

    /** Measures the last backup's age again against the clock, e.g. a day later with the console left open. */
    public void recheck() {
        show(last);
    }

    private void show(Optional<LocalBackups.Backup> backup) {
        last = backup;
        if (backup.isEmpty()) {
            lastBackup.set("Last backup: never");
            warning.set("This computer's data has never been backed up. Use Back up now… to write a backup file.");
            return;
        }
        LocalBackups.Backup done = backup.get();
        lastBackup.set("Last backup: " + SHOWN.format(done.at().atZone(zone())) + " ("
                + AgeFormat.since(done.at(), clock.instant()) + " ago)");
        Duration age = Duration.between(done.at(), clock.instant());
        warning.set(age.compareTo(REMIND_AFTER) >= 0
                ? "No backup for " + age.toDays() + " days (last " + SHOWN.format(done.at().atZone(zone()))
                        + "). Use Back up now… to write a backup file."
                : "");
    }

    private ZoneId zone() {
        return clock.getZone();
    }

    /** {@code teller-backup-<date>.zip} in the default folder; with {@code -2}, {@code -3}… if that file exists. */
    public Path suggestedFile() {
        Path folder = backups.defaultFolder();
        String date = LocalDate.now(clock).toString();
        Path file = folder.resolve("teller-backup-" + date + ".zip");
        for (int n = 2; Files.exists(file); n++) {
            file = folder.resolve("teller-backup-" + date + "-" + n + ".zip");
        }
        return file;
    }

    /** Asks {@code picker} for the file, then backs up into it; nothing happens when the operator cancels. */
    public void backUp(BackupFilePicker picker) {
        if (!allowed) {
            error.set(ADMIN_ONLY);
            return;
        }
        if (running.get()) {
            return;
        }
        picker.choose(suggestedFile()).ifPresent(this::backUp);
    }

    /** Backs up into {@code out} in the background; the result is announced and becomes the last backup. */
    public void backUp(Path out) {
        if (!allowed) {
            error.set(ADMIN_ONLY);
            return;
        }
        if (running.get()) {
            return;
        }
        AtomicBoolean cancelThis = new AtomicBoolean();
        cancel = cancelThis;
        running.set(true);
        error.set("");
        progress.set("Backing up to " + out + "…");
        executors.run(() -> backups.backUp(out, line -> executors.onUi(() -> {
            if (!cancelThis.get()) {
                progress.set("Backing up: " + line.strip().replaceAll("\\s+", " "));
            }
        }), cancelThis::get), done -> {
            running.set(false);
            progress.set("Backup written: " + done.file() + " (" + size(done.bytes()) + ")");
            show(Optional.of(done));
            notices.show("Backup written", done.file() + "\n" + size(done.bytes()) + ", "
                    + String.format(Locale.ROOT, "%,d", done.rows()) + " rows");
        }, failure -> {
            running.set(false);
            progress.set("");
            error.set(failure instanceof CancellationException ? "Backup cancelled; no file was kept."
                    : "Backup failed: " + ErrorText.of(failure));
        });
    }

    /** Stops the running backup before its next table; its partial file is deleted. */
    public void cancel() {
        if (running.get()) {
            cancel.set(true);
            progress.set("Cancelling…");
        }
    }

    static String size(long bytes) {
        if (bytes < 1_000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    public boolean allowed() {
        return allowed;
    }

    /** Why Back up now… is disabled, or empty. */
    public String disabledReason() {
        return allowed ? "" : ADMIN_ONLY;
    }

    public ReadOnlyStringProperty lastBackupProperty() {
        return lastBackup.getReadOnlyProperty();
    }

    /** The 7-day warning, or empty when there is nothing to warn about. */
    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
