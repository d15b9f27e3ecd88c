package teller.app;

import java.nio.file.Path;

/**
 * Points logback at the desktop's configuration ({@code teller/app/logback-desktop.xml}): a rolling
 * file in the data directory and the console. Must run before the first logger is created.
 */
final class DesktopLogging {
    static final String CONFIGURATION = "teller/app/logback-desktop.xml";
    static final String LOG_DIRECTORY = "logs";
    static final String LOG_FILE = "teller.log";

    private DesktopLogging() {
    }

    /** The log file of a data directory. */
    static Path logFile(Path dataDirectory) {
        return dataDirectory.resolve(LOG_DIRECTORY).resolve(LOG_FILE);
    }

    static void configure(Path dataDirectory) {
        // An explicit -Dlogback.configurationFile (a developer's) wins.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("teller.log.dir", logFile(dataDirectory).getParent().toString());
            System.setProperty("logback.configurationFile", CONFIGURATION);
        }
    }
}
