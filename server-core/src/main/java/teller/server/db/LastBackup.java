package teller.server.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * When a data directory's database was last backed up, and to which file: {@code last-backup.json}
 * in the data directory, written by every successful backup of the embedded database (the
 * {@code backup} command and the desktop's Back up now…), read by the desktop to remind an
 * operator who has not backed up for a week.
 */
public record LastBackup(Instant at, String file, long bytes, String schemaVersion, long rows) {
    public static final String FILE_NAME = "last-backup.json";
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    public static Optional<LastBackup> read(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), LastBackup.class));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    public void write(Path dataDirectory) throws IOException {
        Path target = dataDirectory.resolve(FILE_NAME);
        Path partial = dataDirectory.resolve(FILE_NAME + ".partial");
        JSON.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), this);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
