package teller.ui.about;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Opens a folder in the system's file manager; tests replace it. */
@FunctionalInterface
public interface FolderOpener {
    void open(Path folder) throws IOException;

    /**
     * The system's own command (Explorer, Finder, xdg-open) rather than AWT's Desktop, which needs
     * AWT initialised next to JavaFX and is missing on some Linux desktops.
     */
    static FolderOpener system() {
        return folder -> {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            List<String> command = os.startsWith("windows") ? List.of("explorer.exe", folder.toString())
                    : os.startsWith("mac") ? List.of("open", folder.toString())
                    : List.of("xdg-open", folder.toString());
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        };
    }
}
