package teller.server.cli;

import java.time.Duration;

/** Elapsed time as the backup and restore commands print it. */
final class DatabaseBackupTime {
    private DatabaseBackupTime() {
    }

    static String since(long startedNanos) {
        return String.format("%.1f s", Duration.ofNanos(System.nanoTime() - startedNanos).toMillis() / 1000.0);
    }
}
