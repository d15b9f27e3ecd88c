package teller.ui.about;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import teller.ui.common.ErrorText;
import teller.ui.common.UiExecutors;

/**
 * The About dialog: this console's version, the connected server's version, the data directory and
 * the log file, and a command that opens the log file's folder.
 */
public final class AboutViewModel {
    private final UiExecutors executors;
    private final AboutInfo info;
    private final FolderOpener opener;
    private final ReadOnlyStringWrapper serverVersion = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    /**
     * @param server the signed-in server's version lookup (blocking, run in the background), or null
     *               when no server is connected
     */
    public AboutViewModel(UiExecutors executors, AboutInfo info, Supplier<Optional<String>> server, FolderOpener opener) {
        this.executors = executors;
        this.info = Objects.requireNonNull(info);
        this.opener = Objects.requireNonNull(opener);
        if (server == null) {
            serverVersion.set("not connected");
        } else {
            serverVersion.set("asking the server…");
            executors.run(server::get, version -> serverVersion.set(version.orElse("not reported by this server")),
                    failure -> serverVersion.set("unknown (" + ErrorText.of(failure) + ")"));
        }
    }

    public String version() {
        return info.version();
    }

    public ReadOnlyStringProperty serverVersionProperty() {
        return serverVersion.getReadOnlyProperty();
    }

    public String dataDirectory() {
        return info.dataDirectory() == null ? "none" : info.dataDirectory().toString();
    }

    public String logFile() {
        return info.logFile() == null ? "none (console only)" : info.logFile().toString();
    }

    /** Why the folder did not open, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public boolean canOpenFolder() {
        return folder() != null;
    }

    /** Opens the folder of the log file (the data directory when there is no log file). */
    public void openFolder() {
        Path folder = folder();
        if (folder == null) {
            return;
        }
        error.set("");
        executors.run(() -> {
            opener.open(folder);
            return folder;
        }, opened -> { }, failure -> error.set("Could not open " + folder + ": " + ErrorText.of(failure)));
    }

    private Path folder() {
        return info.logFile() != null ? info.logFile().getParent() : info.dataDirectory();
    }

    /** The dialog's text as one block, e.g. to copy into a support request. */
    public String summary() {
        return String.join(System.lineSeparator(),
                "Teller " + version(),
                "Server: " + serverVersion.get(),
                "Data folder: " + dataDirectory(),
                "Log file: " + logFile());
    }
}
