package teller.app;

import java.io.IOException;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.BuildInfo;
import teller.server.ServerCore;
import teller.server.StartupException;
import teller.server.config.ServerConfig;
import teller.server.db.DatabaseBackup;
import teller.server.db.LastBackup;
import teller.ui.backup.LocalBackups;
import teller.ui.common.OperatorMessageException;
import teller.ui.connect.LocalServer;

/**
 * The Local profile: server-core in this process, on a free loopback port, with the embedded
 * PostgreSQL in the profile's data directory. Started on the first connect, stopped when the app
 * exits. Its operators sign in with their passwords (the local {@code admin}'s is shown once, on the
 * first start); only the demo signs in with one click.
 */
public final class BundledServer implements LocalServer, LocalBackups, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BundledServer.class);
    static final String ADMIN_USERNAME = "admin";
    /** One operator at one console: a small pool and few HTTP threads are plenty. */
    private static final int DATABASE_POOL_SIZE_MAX = 6;
    private static final int HTTP_THREADS_MAX = 24;

    private final Path dataDirectory;
    private final boolean demo;
    private final Map<String, String> environment;
    private ServerCore server;
    private LocalConnection connection;

    /** This build's version: the desktop and the server it bundles are one build. */
    public static String version() {
        return BuildInfo.VERSION;
    }

    public BundledServer(Path dataDirectory, boolean demo, Map<String, String> environment) {
        this.dataDirectory = dataDirectory;
        this.demo = demo;
        this.environment = Map.copyOf(environment);
    }

    /**
     * @throws OperatorMessageException when the server cannot start for a reason the operator can fix
     *                                  (data written by a newer Teller, a data directory in use or not
     *                                  writable): its message says what to do, and nothing was changed
     */
    @Override
    public synchronized LocalConnection start() throws IOException, OperatorMessageException {
        try {
            return startServer();
        } catch (StartupException refused) {
            String reason = refused.getMessage();
            throw new OperatorMessageException(Character.toUpperCase(reason.charAt(0)) + reason.substring(1) + ".", refused);
        }
    }

    private LocalConnection startServer() throws IOException {
        if (connection != null) {
            return connection;
        }
        Files.createDirectories(dataDirectory);
        Path passwordFile = dataDirectory.resolve(ServerCore.ADMIN_PASSWORD_FILE);
        // Chosen: TELLER_ADMIN_PASSWORD sets (or resets) the local admin's password; nothing to show.
        String chosen = environment.get("TELLER_ADMIN_PASSWORD");
        ServerConfig settings = ServerConfig.fromEnvironment(localEnvironment());
        ServerConfig config = settings.toBuilder()
                .port(0)
                .dataDirectory(dataDirectory)
                .demo(demo)
                // --demo shows the whole flow: game loads and withdrawals execute against SANDBOX providers
                // (labelled so in the app bar and on the decision card). Otherwise only where configured.
                .sandboxProviders(demo || settings.sandboxProviders())
                .databasePoolSizeMax(DATABASE_POOL_SIZE_MAX)
                .httpThreadsMax(HTTP_THREADS_MAX)
                .adminPassword(chosen == null || chosen.isBlank() ? null : chosen)
                .build();
        ServerCore started = ServerCore.start(config);
        // First start: server-core created the admin and wrote this password to the 0600 file. A file
        // left by a Teller that signed in without asking is a password the operator never saw: shown once too.
        String known = started.generatedAdminPassword().orElse(null);
        if (known == null && Files.exists(passwordFile)) {
            known = Files.readString(passwordFile).strip();
        }
        if (known != null && known.isBlank()) {
            known = null;
        }
        server = started;
        if (demo) {
            if (known == null) {
                started.close();
                server = null;
                throw new IllegalStateException("the demo admin's password file " + passwordFile
                        + " is missing; start once with TELLER_ADMIN_PASSWORD set to choose a new password");
            }
            connection = new LocalConnection(started.baseUrl(), ADMIN_USERNAME, known, false);
        } else {
            connection = new LocalConnection(started.baseUrl(), ADMIN_USERNAME, known, known != null);
        }
        log.info("local server-core listening on {} with data in {}{}", started.baseUrl(), dataDirectory,
                demo ? " (demo data)" : "");
        return connection;
    }

    /** The demo signs in with one click; real local data asks for a password (issue 16). */
    @Override
    public boolean oneClick() {
        return demo;
    }

    /** The operator has seen the first-run password: its file goes, and it is not shown again. */
    @Override
    public synchronized void passwordNoted() {
        if (demo) {
            return;
        }
        try {
            Files.deleteIfExists(dataDirectory.resolve(ServerCore.ADMIN_PASSWORD_FILE));
        } catch (IOException e) {
            log.warn("could not delete the local admin's password file: {}", e.toString());
        }
        if (connection != null) {
            connection = new LocalConnection(connection.baseUrl(), connection.username(), null, false);
        }
    }

    /**
     * The environment as the local server should see it: this computer only, on its own embedded
     * database, whatever the shell exports for a team server.
     */
    private Map<String, String> localEnvironment() {
        Map<String, String> env = new HashMap<>(environment);
        env.remove("DATABASE_URL");
        env.remove("DATABASE_USER");
        env.remove("DATABASE_PASSWORD");
        env.remove("TELLER_PORT");
        env.remove("TELLER_DATA_DIR");
        env.put("TELLER_BIND_ADDRESS", "127.0.0.1");
        return env;
    }

    @Override
    public Optional<LocalBackups> backups() {
        return Optional.of(this);
    }

    /** The last backup recorded in this data directory (by Back up now… or the {@code backup} command). */
    @Override
    public Optional<Backup> last() {
        return LastBackup.read(dataDirectory).map(BundledServer::backup);
    }

    @Override
    public Path defaultFolder() {
        Path documents = Path.of(System.getProperty("user.home"), "Documents");
        if (Files.isDirectory(documents)) {
            return documents;
        }
        Path desktopData = dataDirectory.toAbsolutePath().getParent();
        return desktopData != null ? desktopData : dataDirectory.toAbsolutePath();
    }

    /**
     * The {@code backup} command's backup of the running local server's database
     * ({@link DatabaseBackup#writeRecorded}), recorded as this data directory's last backup.
     *
     * @throws IllegalArgumentException when {@code out} exists or its folder does not (nothing written)
     * @throws IllegalStateException    when the local server is not running
     */
    @Override
    public Backup backUp(Path out, Consumer<String> progress, BooleanSupplier cancelled) throws Exception {
        String problem = DatabaseBackup.problemWithTarget(out);
        if (problem != null) {
            throw new IllegalArgumentException(Character.toUpperCase(problem.charAt(0)) + problem.substring(1));
        }
        ServerCore running;
        synchronized (this) {
            running = server;
        }
        if (running == null) {
            throw new IllegalStateException("the local server is not running; connect with Local first");
        }
        log.info("backing up the local database to {}", out.toAbsolutePath());
        try (PrintWriter lines = new PrintWriter(new LineWriter(progress), true)) {
            DatabaseBackup.Written written = DatabaseBackup.writeRecorded(running.database(), BuildInfo.VERSION, out,
                    dataDirectory, lines, cancelled);
            log.info("backup written to {}: {} rows, {} bytes", written.last().file(), written.last().rows(),
                    written.last().bytes());
            return backup(written.last());
        }
    }

    private static Backup backup(LastBackup last) {
        return new Backup(last.at() == null ? Instant.EPOCH : last.at(), Path.of(last.file()), last.bytes(), last.rows());
    }

    /** Hands each complete line written to it to {@code lines}. */
    private static final class LineWriter extends Writer {
        private final Consumer<String> lines;
        private final StringBuilder pending = new StringBuilder();

        LineWriter(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (chars[i] == '\n') {
                    lines.accept(pending.toString());
                    pending.setLength(0);
                } else if (chars[i] != '\r') {
                    pending.append(chars[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            if (!pending.isEmpty()) {
                lines.accept(pending.toString());
                pending.setLength(0);
            }
        }
    }

    @Override
    public String description() {
        return demo ? "Demo: starts the bundled server with sample data in " + dataDirectory
                + " and signs you in as its admin with one click (no password: nothing real to protect)."
                : "Starts the bundled server with its own database in " + dataDirectory
                + ". Sign in with a local operator's password; the first start shows the admin's password once.";
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            log.info("stopping the local server-core");
            server.close();
            server = null;
            connection = null;
        }
    }
}
