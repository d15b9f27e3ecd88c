package teller.ui.backup;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The system's save dialog for a backup file (ZIP). */
public final class FxBackupFilePicker implements BackupFilePicker {
    private final Supplier<Window> owner;

    public FxBackupFilePicker(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Optional<Path> choose(Path suggested) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Back up the local database");
        chooser.setInitialFileName(suggested.getFileName().toString());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Teller backup (ZIP)", "*.zip"));
        File folder = suggested.toAbsolutePath().getParent().toFile();
        if (folder.isDirectory()) {
            chooser.setInitialDirectory(folder);
        }
        File chosen = chooser.showSaveDialog(owner.get());
        if (chosen == null) {
            return Optional.empty();
        }
        Path path = chosen.toPath();
        // Some platforms' dialogs do not add the extension the filter promises.
        return Optional.of(path.getFileName().toString().contains(".") ? path
                : path.resolveSibling(path.getFileName() + ".zip"));
    }
}
