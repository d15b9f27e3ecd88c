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
    private volatile EmbeddedPostgresSupervisor supervisor;

    private DatabaseRuntime(FileChannel lockChannel, FileLock lock, EmbeddedPostgres embedded, Database database) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.embedded = embedded;
        this.database = database;
    }

    /**
     * Restarts the embedded PostgreSQL whenever it stops (decision 0072); {@code giveUp} is told when
     * it cannot. Nothing to supervise on a DATABASE_URL.
     */
    public void supervise(java.util.function.Consumer<String> giveUp) {
        if (embedded != null && supervisor == null) {
            supervisor = new EmbeddedPostgresSupervisor(embedded, database::evictConnections, giveUp);
        }
    }

    /** False while the supervised embedded PostgreSQL is down; always true on a DATABASE_URL. */
    public boolean databaseAvailable() {
        EmbeddedPostgresSupervisor current = supervisor;
        return current == null || current.available();
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
                    config.databasePoolSizeMax(), new Database.Timeouts(config.databaseLockTimeout(),
                            config.databaseStatementTimeout()));
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

    /**
     * For commands that only read (backup): opens the database like {@link #open}, but when a server
     * is running on the same data directory, connects to that server's embedded PostgreSQL (its port
     * is in {@code pgdata/postmaster.pid}) instead of refusing; closing then stops nothing.
     */
    public static DatabaseRuntime openShared(ServerConfig config) throws IOException {
        if (!config.embeddedDatabase() || !lockedByAnotherProcess(config.dataDirectory())) {
            return open(config);
        }
        {
            Path pgData = config.dataDirectory().resolve("pgdata");
            boolean running = EmbeddedPostgres.postmasterPid(pgData).flatMap(ProcessHandle::of)
                    .map(ProcessHandle::isAlive).orElse(false);
            java.util.List<String> pid = Files.exists(pgData.resolve("postmaster.pid"))
                    ? Files.readAllLines(pgData.resolve("postmaster.pid")) : java.util.List.of();
            if (!running || pid.size() < 4 || !pid.get(3).trim().matches("\\d+")) {
                throw new IOException("another Teller process is using " + config.dataDirectory()
                        + ", and its embedded PostgreSQL is not running; try again");
            }
            String url = "jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/" + EmbeddedPostgres.DATABASE
                    + "?user=" + EmbeddedPostgres.USER;
            return new DatabaseRuntime(null, null, null, Database.fromUrl(url, null, null, SHARED_POOL_SIZE));
        }
    }

    private static final int SHARED_POOL_SIZE = 2;

    private static boolean lockedByAnotherProcess(Path dir) throws IOException {
        if (!Files.exists(dir.resolve(LOCK_FILE))) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException sameProcess) {
            return true;
        }
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
        if (supervisor != null) {
            supervisor.close();
        }
        database.close();
        if (embedded != null) {
            embedded.close();
        }
        try {
            if (lock != null) {
                lock.release();
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}
