package teller.server.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;
import teller.server.StartupException;
import teller.server.config.ServerConfig;

/**
 * The database a process works on: the data-directory lock, the embedded PostgreSQL when no
 * DATABASE_URL is given, and the pool. Closing releases them in reverse order.
 */
public final class DatabaseRuntime implements AutoCloseable {
    static final String LOCK_FILE = "teller.lock";
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres embedded;
    private final Database database;

    private DatabaseRuntime(FileChannel lockChannel, FileLock lock, EmbeddedPostgres embedded, Database database) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.embedded = embedded;
        this.database = database;
    }

    public static DatabaseRuntime open(ServerConfig config) throws IOException {
        Path dir = config.dataDirectory();
        FileChannel channel = openLockFile(dir);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new StartupException("another Teller process is using the data directory " + dir
                    + ": stop it, or use another --data-dir");
        }
        EmbeddedPostgres embedded = null;
        try {
            String url = config.databaseUrl();
            if (config.embeddedDatabase()) {
                embedded = EmbeddedPostgres.start(dir,
                        EmbeddedPostgres.modeFromEnvironment(System.getenv("TELLER_EMBEDDED_PG_MODE")));
                url = embedded.jdbcUrl();
            }
            Database database = Database.fromUrl(url, config.databaseUser(), config.databasePassword(),
                    config.databasePoolSizeMax());
            return new DatabaseRuntime(channel, lock, embedded, database);
        } catch (IOException | RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            lock.release();
            channel.close();
            throw e;
        }
    }

    /** The data directory's lock file, created with the directory; a directory we cannot write is a clear refusal. */
    private static FileChannel openLockFile(Path dir) {
        try {
            Files.createDirectories(dir);
            return FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StartupException("the data directory " + dir + " is not writable (" + describe(e)
                    + "): give this user write access to it, or use another --data-dir", e);
        }
    }

    /** What went wrong with a file, in words (AccessDeniedException's message is only the path). */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied on " + e.getMessage();
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + (fs.getFile() == null ? "" : " on " + fs.getFile());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    public Database database() {
        return database;
    }

    /** The port of the embedded PostgreSQL on 127.0.0.1 (user {@code postgres}, no password), if one runs. */
    public OptionalInt embeddedPort() {
        return embedded == null ? OptionalInt.empty() : OptionalInt.of(embedded.port());
    }

    @Override
    public void close() {
        database.close();
        if (embedded != null) {
            embedded.close();
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}
