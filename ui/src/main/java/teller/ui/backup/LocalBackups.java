package teller.ui.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Backups of the Local profile's embedded database, provided by the app's bundled server (the UI
 * itself knows only this interface, decision 0130). The same backup the headless {@code backup}
 * command takes, restorable with {@code restore}.
 */
public interface LocalBackups {
    /** A backup that was written: when, where, how big, how many rows. */
    record Backup(Instant at, Path file, long bytes, long rows) {
    }

    /** The last successful backup of this data directory, if any. Blocks briefly (reads a small file). */
    Optional<Backup> last();

    /** Where the save dialog starts: the user's documents folder, else the data directory. */
    Path defaultFolder();

    /**
     * Writes a backup to {@code out} (which must not exist) and records it as the last one. Blocks for
     * as long as the backup takes: call it on a background thread.
     *
     * @param progress  one line per table written
     * @param cancelled asked before each table; when it turns true no file is kept and a
     *                  {@link java.util.concurrent.CancellationException} is thrown
     */
    Backup backUp(Path out, Consumer<String> progress, BooleanSupplier cancelled) throws Exception;
}
