package teller.ui.about;

import java.nio.file.Path;

/**
 * What the desktop knows about itself for the About dialog: its version, its data directory and its
 * log file (given by the launcher, which decides them).
 *
 * @param dataDirectory null when this console keeps no data (tests)
 * @param logFile       null when it writes no log file
 */
public record AboutInfo(String version, Path dataDirectory, Path logFile) {
    /** For consoles started without a launcher (tests, the screenshot harness). */
    public static AboutInfo unknown() {
        return new AboutInfo("dev", null, null);
    }
}
