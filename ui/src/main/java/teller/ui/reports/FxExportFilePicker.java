package teller.ui.reports;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The console's save dialog for exports; remembers the last folder while the console runs. */
public final class FxExportFilePicker implements ExportFilePicker {
    private final Supplier<Window> owner;
    private File lastFolder;

    public FxExportFilePicker(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Optional<Path> choose(String suggestedName, ExportFormat format) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export report as " + format.description());
        chooser.setInitialFileName(suggestedName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.description(), "*." + format.extension()));
        File folder = lastFolder != null ? lastFolder : new File(System.getProperty("user.home"));
        if (folder.isDirectory()) {
            chooser.setInitialDirectory(folder);
        }
        File chosen = chooser.showSaveDialog(owner.get());
        if (chosen == null) {
            return Optional.empty();
        }
        lastFolder = chosen.getParentFile();
        Path path = chosen.toPath();
        // Some platforms' dialogs do not add the extension the filter promises.
        if (!path.getFileName().toString().contains(".") && !Files.exists(path)) {
            path = path.resolveSibling(path.getFileName() + "." + format.extension());
        }
        return Optional.of(path);
    }
}
