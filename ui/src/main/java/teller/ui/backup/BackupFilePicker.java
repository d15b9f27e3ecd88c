package teller.ui.backup;

import java.nio.file.Path;
import java.util.Optional;

/** Asks where to write a backup, starting from a suggested file; empty when the operator cancels. */
@FunctionalInterface
public interface BackupFilePicker {
    Optional<Path> choose(Path suggested);
}
