package teller.ui.preferences;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console remembers between runs: the last connection mode, server URL and username, the
 * window's size, position and maximised state, the last screen and whether the navigation was collapsed. Never a password or a token:
 * there is nothing here to put one in. Kept in {@code preferences.properties} in the data directory,
 * replaced whole on every save (a crash leaves the old file or the new one, never half of one).
 * Plain Java, no UI thread needed.
 */
public final class Preferences {
    public static final String FILE_NAME = "preferences.properties";
    private static final Logger log = LoggerFactory.getLogger(Preferences.class);
    private static final String MODE = "connect.mode";
    private static final String SERVER_URL = "connect.serverUrl";
    private static final String USERNAME = "connect.username";
    private static final String SCREEN = "console.lastScreen";
    private static final String WINDOW = "window.";
    private static final String NAV_COLLAPSED = "console.navCollapsed";

    /** Where the connect screen starts. */
    public enum Mode { LOCAL, REMOTE }

    /** The window's bounds when not maximised, and whether it was maximised. */
    public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    }

    private final Path file;
    private final Properties values = new Properties();

    private Preferences(Path file) {
        this.file = file;
    }

    /** Nothing read or saved (tests, and a console without a data directory). */
    public static Preferences inMemory() {
        return new Preferences(null);
    }

    /**
     * The preferences kept in {@code dataDirectory}. An unreadable file is logged and ignored: losing
     * remembered window bounds must never stop the console from starting.
     */
    public static Preferences load(Path dataDirectory) {
        Preferences preferences = new Preferences(dataDirectory.resolve(FILE_NAME));
        try (Reader in = Files.newBufferedReader(preferences.file, StandardCharsets.UTF_8)) {
            preferences.values.load(in);
        } catch (NoSuchFileException firstRun) {
            // nothing remembered yet
        } catch (IOException | IllegalArgumentException e) {
            log.warn("ignoring the unreadable preferences file {}: {}", preferences.file, e.toString());
            preferences.values.clear();
        }
        return preferences;
    }

    public synchronized Optional<Mode> mode() {
        String value = values.getProperty(MODE);
        try {
            return value == null ? Optional.empty() : Optional.of(Mode.valueOf(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public synchronized Optional<String> serverUrl() {
        return text(SERVER_URL);
    }

    public synchronized Optional<String> username() {
        return text(USERNAME);
    }

    public synchronized Optional<String> lastScreen() {
        return text(SCREEN);
    }

    /** Remembers a successful Local sign-in (the remote server's URL and username stay for next time). */
    public synchronized void rememberLocal() {
        values.setProperty(MODE, Mode.LOCAL.name());
    }

    /** Remembers a successful sign-in to a remote server: its URL and the username, not the password. */
    public synchronized void rememberRemote(String serverUrl, String username) {
        values.setProperty(MODE, Mode.REMOTE.name());
        values.setProperty(SERVER_URL, serverUrl);
        values.setProperty(USERNAME, username);
    }

    public synchronized void rememberScreen(String screenId) {
        values.setProperty(SCREEN, screenId);
    }

    /** Whether the navigation column was collapsed to icons (Ctrl+B); false until remembered. */
    public synchronized boolean navCollapsed() {
        return Boolean.parseBoolean(values.getProperty(NAV_COLLAPSED));
    }

    public synchronized void rememberNavCollapsed(boolean collapsed) {
        values.setProperty(NAV_COLLAPSED, String.valueOf(collapsed));
    }

    /** A screen's remembered setting (e.g. {@code queue.filters}), if any. */
    public synchronized Optional<String> screenSetting(String key) {
        return text("screen." + key);
    }

    /** Remembers a screen's setting; a blank value forgets it. Saved with the next {@link #save()}. */
    public synchronized void rememberScreenSetting(String key, String value) {
        if (value == null || value.isBlank()) {
            values.remove("screen." + key);
        } else {
            values.setProperty("screen." + key, value);
        }
    }

    public synchronized Optional<WindowBounds> window() {
        try {
            double width = Double.parseDouble(values.getProperty(WINDOW + "width", "NaN"));
            double height = Double.parseDouble(values.getProperty(WINDOW + "height", "NaN"));
            double x = Double.parseDouble(values.getProperty(WINDOW + "x", "NaN"));
            double y = Double.parseDouble(values.getProperty(WINDOW + "y", "NaN"));
            if (Double.isNaN(width + height + x + y) || width <= 0 || height <= 0) {
                return Optional.empty();
            }
            return Optional.of(new WindowBounds(x, y, width, height,
                    Boolean.parseBoolean(values.getProperty(WINDOW + "maximized"))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public synchronized void rememberWindow(WindowBounds bounds) {
        values.setProperty(WINDOW + "x", String.valueOf(bounds.x()));
        values.setProperty(WINDOW + "y", String.valueOf(bounds.y()));
        values.setProperty(WINDOW + "width", String.valueOf(bounds.width()));
        values.setProperty(WINDOW + "height", String.valueOf(bounds.height()));
        values.setProperty(WINDOW + "maximized", String.valueOf(bounds.maximized()));
    }

    /**
     * Writes the file: a temporary file beside it, then moved over it. A failure is logged, not thrown
     * (the console goes on; only the remembering is lost).
     */
    public synchronized void save() {
        if (file == null) {
            return;
        }
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                values.store(out, "Teller desktop preferences (no passwords are kept here)");
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not save the preferences to {}: {}", file, e.toString());
        }
    }

    private Optional<String> text(String key) {
        String value = values.getProperty(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
