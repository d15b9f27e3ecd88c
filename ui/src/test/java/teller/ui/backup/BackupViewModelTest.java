package teller.ui.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import teller.ui.common.UiExecutors;

/** Back up now… and the 7-day warning without an FX thread: inline executors and a fixed clock. */
class BackupViewModelTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path folder;

    private final List<String> notices = new ArrayList<>();

    /** A local database whose backups are written as small files; the last one is kept in memory. */
    private final class Backups implements LocalBackups {
        Optional<Backup> last = Optional.empty();
        int tables = 3;
        int backups;
        RuntimeException failure;
        Runnable betweenTables = () -> { };

        @Override
        public Optional<Backup> last() {
            return last;
        }

        @Override
        public Path defaultFolder() {
            return folder;
        }

        @Override
        public Backup backUp(Path out, Consumer<String> progress, BooleanSupplier cancelled) throws Exception {
            backups++;
            if (failure != null) {
                throw failure;
            }
            for (int i = 0; i < tables; i++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("cancelled before table " + i);
                }
                progress.accept("  table_" + i + "   " + (i * 10) + " rows  0.1 s");
                betweenTables.run();
            }
            Files.writeString(out, "x".repeat(2_500));
            last = Optional.of(new Backup(NOW, out, 2_500, 42));
            return last.get();
        }
    }

    private BackupViewModel viewModel(Backups backups, Clock clock, boolean admin) {
        return new BackupViewModel(UiExecutors.inline(), backups, clock, (title, text) -> notices.add(title + ": " + text),
                admin);
    }

    @Test
    void neverBackedUpWarnsAndABackupWritesTheFileAnnouncesItAndClearsTheWarning() {
        Backups backups = new Backups();
        BackupViewModel backup = viewModel(backups, CLOCK, true);
        backup.refresh();
        assertThat(backup.lastBackupProperty().get()).isEqualTo("Last backup: never");
        assertThat(backup.warningProperty().get()).contains("never been backed up");

        Path suggested = backup.suggestedFile();
        assertThat(suggested).isEqualTo(folder.resolve("teller-backup-2026-12-07.zip"));
        backup.backUp(file -> Optional.of(file));

        assertThat(suggested).hasSize(2_500);
        assertThat(backup.runningProperty().get()).isFalse();
        assertThat(backup.errorProperty().get()).isEmpty();
        assertThat(backup.progressProperty().get()).isEqualTo("Backup written: " + suggested + " (2.5 kB)");
        assertThat(notices).containsExactly("Backup written: " + suggested + "\n2.5 kB, 42 rows");
        assertThat(backup.lastBackupProperty().get()).isEqualTo("Last backup: 2026-12-07 09:00 (0s ago)");
        assertThat(backup.warningProperty().get()).isEmpty();
        assertThat(backup.suggestedFile()).as("the next suggestion does not overwrite")
                .isEqualTo(folder.resolve("teller-backup-2026-12-07-2.zip"));
    }

    @Test
    void theWarningShowsOnlyOnceTheLastBackupIsSevenDaysOld() {
        Backups backups = new Backups();
        backups.last = Optional.of(new LocalBackups.Backup(NOW, folder.resolve("b.zip"), 1, 1));
        BackupViewModel sixDays = viewModel(backups, Clock.offset(CLOCK, Duration.ofDays(7).minusMinutes(1)), true);
        sixDays.refresh();
        assertThat(sixDays.warningProperty().get()).isEmpty();
        assertThat(sixDays.lastBackupProperty().get()).isEqualTo("Last backup: 2026-12-07 09:00 (6d 23h ago)");

        BackupViewModel sevenDays = viewModel(backups, Clock.offset(CLOCK, Duration.ofDays(7)), true);
        sevenDays.refresh();
        assertThat(sevenDays.warningProperty().get())
                .isEqualTo("No backup for 7 days (last 2026-12-07 09:00). Use Back up now… to write a backup file.");
    }

    @Test
    void cancellingStopsBeforeTheNextTableAndSaysNoFileWasKept() {
        Backups backups = new Backups();
        BackupViewModel backup = viewModel(backups, CLOCK, true);
        Path out = folder.resolve("cancelled.zip");
        backups.betweenTables = backup::cancel;

        backup.backUp(out);

        assertThat(out).doesNotExist();
        assertThat(backup.errorProperty().get()).isEqualTo("Backup cancelled; no file was kept.");
        assertThat(backup.runningProperty().get()).isFalse();
        assertThat(notices).isEmpty();
    }

    @Test
    void aFailureIsShownWithItsReasonAndAChosenNothingDoesNothing() {
        Backups backups = new Backups();
        backups.failure = new IllegalArgumentException("/x/teller.zip already exists; choose a new file name");
        BackupViewModel backup = viewModel(backups, CLOCK, true);

        backup.backUp(file -> Optional.empty());
        assertThat(backups.backups).as("the operator cancelled the dialog").isZero();

        backup.backUp(folder.resolve("b.zip"));
        assertThat(backup.errorProperty().get()).startsWith("Backup failed: ").contains("already exists; choose a new file name");
        assertThat(backup.runningProperty().get()).isFalse();
    }

    @Test
    void onlyAnAdminMayBackUpAndAnyoneElseIsToldWhy() {
        Backups backups = new Backups();
        BackupViewModel backup = viewModel(backups, CLOCK, false);
        assertThat(backup.allowed()).isFalse();
        assertThat(backup.disabledReason()).isEqualTo(BackupViewModel.ADMIN_ONLY);

        backup.backUp(file -> Optional.of(file));
        backup.backUp(folder.resolve("b.zip"));

        assertThat(backups.backups).isZero();
        assertThat(backup.errorProperty().get()).isEqualTo(BackupViewModel.ADMIN_ONLY);
    }

    @Test
    void sizesAreShownInUnitsAnOperatorReads() {
        assertThat(BackupViewModel.size(999)).isEqualTo("999 B");
        assertThat(BackupViewModel.size(1_500_000)).isEqualTo("1.5 MB");
        assertThat(BackupViewModel.size(2_340_000_000L)).isEqualTo("2.34 GB");
    }
}
