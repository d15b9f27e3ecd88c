package teller.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where an installed Teller keeps its data when no {@code --data-dir} is given: the place each system
 * sets aside for an application's per-user data (decision 0065).
 * <ul>
 *   <li>Linux and other Unix: {@code $XDG_DATA_HOME/teller}, by default {@code ~/.local/share/teller}</li>
 *   <li>Windows: {@code %LOCALAPPDATA%\Teller}</li>
 *   <li>macOS: {@code ~/Library/Application Support/Teller}</li>
 * </ul>
 * The system, environment and home are passed in so that every rule is tested on any machine.
 */
public final class DataDirectories {
    private DataDirectories() {
    }

    /** This computer's place, from the running JVM's system properties and environment. */
    public static Path forThisSystem(Map<String, String> environment) {
        return forSystem(System.getProperty("os.name", ""), environment, Path.of(System.getProperty("user.home")));
    }

    public static Path forSystem(String osName, Map<String, String> environment, Path userHome) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String localAppData = environment.get("LOCALAPPDATA");
            Path base = usable(localAppData) ? Path.of(localAppData) : userHome.resolve("AppData").resolve("Local");
            return base.resolve("Teller");
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return userHome.resolve("Library").resolve("Application Support").resolve("Teller");
        }
        // The XDG base directory spec: a relative or empty XDG_DATA_HOME is invalid and must be ignored.
        String xdgDataHome = environment.get("XDG_DATA_HOME");
        Path base = usable(xdgDataHome) ? Path.of(xdgDataHome) : userHome.resolve(".local").resolve("share");
        return base.resolve("teller");
    }

    private static boolean usable(String directory) {
        return directory != null && !directory.isBlank() && Path.of(directory).isAbsolute();
    }
}
