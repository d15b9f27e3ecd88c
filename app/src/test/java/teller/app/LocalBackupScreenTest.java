package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.app.FxWait.shows;
import static teller.app.FxWait.text;
import static teller.app.FxWait.until;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import teller.server.db.BackupManifest;
import teller.server.db.Database;
import teller.server.db.DatabaseRestore;
import teller.server.db.JdbiTransactor;
import teller.server.db.LastBackup;
import teller.server.db.PgAuditLog;
import teller.server.db.PgLedger;
import teller.server.support.TestPostgres;
import teller.ui.api.TellerClient;
import teller.ui.common.FxExecutors;
import teller.ui.ConsoleScreens;
import teller.ui.console.ConsoleWindow;

/**
 * Back up now… of the Local profile for real (decision 0130): the bundled server on its own embedded
 * PostgreSQL, the real console window (headless), the button in the app bar. The file it writes
 * restores, with the restore command's code, into an empty database that verifies; the app bar shows
 * the backup's time, and the 7-day warning banner shows and clears as the injected clock moves.
 */
@ExtendWith(ApplicationExtension.class)
class LocalBackupScreenTest {
    /** The first start of an embedded PostgreSQL may unpack its binaries: longer than FxWait's wait. */
    private static final long LOCAL_START_SECONDS = 180;

    @TempDir
    Path dataDirectory;
    @TempDir
    Path documents;

    private Stage stage;
    private BundledServer local;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void backUpNowWritesAFileThatRestoresAndTheWeekOldWarningShowsAndClears(FxRobot robot) throws Exception {
        local = new BundledServer(dataDirectory.resolve(DesktopOptions.LOCAL_DIRECTORY), true, Map.of());
        MovableClock clock = new MovableClock(Instant.now());
        AtomicInteger chosen = new AtomicInteger();
        ConsoleWindow[] window = new ConsoleWindow[1];
        robot.interact(() -> {
            window[0] = new ConsoleWindow(ConsoleScreens.ALL, FxExecutors.create(),
                    TellerClient.defaultHttpClient(), local);
            window[0].useForBackups(clock, suggested -> {
                assertThat(suggested.getFileName().toString()).matches("teller-backup-\\d{4}-\\d{2}-\\d{2}\\.zip");
                return Optional.of(documents.resolve("backup-" + chosen.incrementAndGet() + ".zip"));
            });
            window[0].show(stage);
            window[0].connectLocal();
        });
        try {
            WaitForAsyncUtils.waitFor(LOCAL_START_SECONDS, TimeUnit.SECONDS, () -> shows(robot, "#backUpNow"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Local mode did not show Back up now within " + LOCAL_START_SECONDS + " s; "
                    + FxWait.fx(() -> FxWait.describeWindows(robot, "#backUpNow")), e);
        }

        until(() -> text(robot, "#lastBackup").equals("Last backup: never"), "the app bar says there was no backup");
        until(() -> shows(robot, "#backupWarning"), "the never-backed-up warning shows");
        assertThat(text(robot, "#backupWarningText")).contains("never been backed up");

        robot.clickOn("#backUpNow");
        Path first = documents.resolve("backup-1.zip");
        until(() -> Files.exists(first) && !window[0].backup().runningProperty().get(), "the backup to finish");
        until(() -> text(robot, "#backupStatus").startsWith("Backup written: " + first + " ("), "the result shows");
        assertThat(text(robot, "#lastBackup")).startsWith("Last backup: ").endsWith("(0s ago)");
        until(() -> !shows(robot, "#backupWarning"), "the warning clears");
        assertThat(LastBackup.read(dataDirectory.resolve(DesktopOptions.LOCAL_DIRECTORY)))
                .hasValueSatisfying(last -> assertThat(last.file()).isEqualTo(first.toString()));

        BackupManifest manifest = DatabaseRestore.check(first);
        try (Database target = new Database(TestPostgres.emptyDatabase(), null, null, 2)) {
            DatabaseRestore.restore(target, first, new PrintWriter(new StringWriter()));
            long orders = manifest.tables().stream().filter(t -> t.name().equals("orders")).findFirst().orElseThrow().rows();
            assertThat(orders).as("the demo orders are in the backup").isPositive();
            long restoredOrders = target.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM orders")
                    .mapTo(Long.class).one());
            assertThat(restoredOrders).isEqualTo(orders);
            var tx = new JdbiTransactor(target.jdbi());
            assertThat(tx.inTransaction(new PgLedger(tx)::verify).balanced()).isTrue();
            assertThat(new PgAuditLog(tx).verify().intact()).isTrue();
        }

        clock.set(LastBackup.read(dataDirectory.resolve(DesktopOptions.LOCAL_DIRECTORY)).orElseThrow().at()
                .plus(Duration.ofDays(8)));
        robot.interact(() -> window[0].backup().recheck());
        until(() -> shows(robot, "#backupWarning"), "a week without a backup shows the warning");
        assertThat(text(robot, "#backupWarningText")).startsWith("No backup for 8 days (last ");

        robot.clickOn("#backUpFromBanner");
        Path second = documents.resolve("backup-2.zip");
        until(() -> Files.exists(second) && !window[0].backup().runningProperty().get(), "the second backup to finish");
        // The backup is stamped by the real clock: bring the test's clock back to that moment.
        clock.set(LastBackup.read(dataDirectory.resolve(DesktopOptions.LOCAL_DIRECTORY)).orElseThrow().at()
                .plus(Duration.ofMinutes(1)));
        robot.interact(() -> window[0].backup().recheck());
        until(() -> !shows(robot, "#backupWarning"), "the new backup clears the warning");
        assertThat(text(robot, "#lastBackup")).endsWith("(1m ago)");
        assertThat(DatabaseRestore.check(second).rows()).isPositive();
    }

    /** A clock the test moves forward; the console reads it for the last backup's age. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
