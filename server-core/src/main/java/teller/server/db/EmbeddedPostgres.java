package teller.server.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.BuildInfo;
import teller.server.StartupException;

/**
 * A real PostgreSQL server, started from the zonky binaries on Maven Central inside Teller's data
 * directory and stopped on {@link #close()}. PostgreSQL refuses to run as root: zonky then runs it
 * in a user namespace ({@code unshare -U}); where namespaces are not allowed,
 * {@link SetprivPostgres} runs it under an unprivileged uid instead.
 */
public abstract class EmbeddedPostgres implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    public static final String DATABASE = "teller";
    public static final String USER = "postgres";
    static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    static final Duration STALE_STOP_WAIT = Duration.ofSeconds(30);
    /**
     * Durability, stated rather than left to defaults: zonky starts PostgreSQL with {@code -F}
     * (fsync off, meant for throwaway test databases), and an approved payment must survive an OS
     * crash or a power loss. A later {@code -c} wins over {@code -F} on PostgreSQL's command line.
     */
    static final Map<String, String> DURABILITY = Map.of("fsync", "on", "full_page_writes", "on", "synchronous_commit", "on");

    /** How to launch: {@code auto} picks zonky unless running as root without user namespaces. */
    public enum Mode {
        AUTO, ZONKY, SETPRIV
    }

    public abstract int port();

    /** The data directory PostgreSQL runs on ({@code <data dir>/pgdata}). */
    public abstract Path pgData();

    /**
     * Starts PostgreSQL again on the same data directory and port after it died (a crash, a kill):
     * PostgreSQL recovers from its WAL. Fails when it cannot start, e.g. while backends of the dead
     * postmaster still hold its shared memory; the supervisor tries again after a pause.
     */
    public abstract void restart() throws IOException;

    /** A restart must never start over on an empty cluster (zonky would run initdb where the data went missing). */
    static void requireCluster(Path pgData) throws IOException {
        if (!Files.exists(pgData.resolve("PG_VERSION"))) {
            throw new IOException("the database cluster in " + pgData + " is gone (no PG_VERSION); refusing to start an empty one");
        }
    }

    /** Whether the postmaster recorded in {@code postmaster.pid} is running. */
    public boolean alive() {
        return postmasterPid(pgData()).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The pid in {@code postmaster.pid}, if the file is there and readable. */
    static Optional<Long> postmasterPid(Path pgData) {
        try {
            return Files.readAllLines(pgData.resolve("postmaster.pid")).stream().findFirst()
                    .map(String::trim).filter(s -> s.matches("\\d+")).map(Long::parseLong);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE + "?user=" + USER;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?user=" + USER;
    }

    @Override
    public abstract void close();

    public static EmbeddedPostgres start(Path dataDirectory, Mode requested) throws IOException {
        Files.createDirectories(dataDirectory);
        Path pgData = dataDirectory.resolve("pgdata");
        requireBundledBinaries();
        requireSameMajorVersion(pgData, BuildInfo.postgresMajorVersion());
        stopStalePostmaster(pgData);
        Mode mode = requested == Mode.AUTO ? chooseMode() : requested;
        log.info("starting embedded PostgreSQL in {} ({} mode)", pgData, mode.name().toLowerCase(Locale.ROOT));
        EmbeddedPostgres server = mode == Mode.SETPRIV ? SetprivPostgres.start(pgData) : ZonkyPostgres.start(pgData);
        try {
            server.ensureDatabase();
        } catch (SQLException e) {
            server.close();
            throw new IOException("embedded PostgreSQL started but the teller database could not be created", e);
        }
        return server;
    }

    /**
     * The jar without embedded binaries (teller-server-core-VERSION.jar of a release) is for a team's
     * PostgreSQL: say so instead of zonky's "missing binaries".
     */
    private static void requireBundledBinaries() {
        if (bundledBinaries().isEmpty()) {
            throw new StartupException("this Teller has no embedded PostgreSQL for " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch") + ": set DATABASE_URL to your PostgreSQL, or use the "
                    + "release's teller-server-core-<version>-<platform>.jar");
        }
    }

    /** The zonky archive of this platform on the class path (zonky falls back to x86_64 on ARM, and so do we). */
    static Optional<String> bundledBinaries() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String system = os.contains("win") ? "windows" : os.contains("mac") || os.contains("darwin") ? "darwin" : "linux";
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String normalized = arch.equals("aarch64") || arch.equals("arm64") ? "arm_64" : "x86_64";
        return java.util.stream.Stream.of(normalized, "x86_64").distinct()
                .map(a -> "postgres-" + system + "-" + a + ".txz")
                .filter(name -> EmbeddedPostgres.class.getClassLoader().getResource(name) != null)
                .findFirst();
    }

    /**
     * PostgreSQL opens only a data directory of its own major version. A newer one means a newer Teller
     * wrote it (refuse: never migrate down); an older one needs an upgrade this Teller cannot do in place.
     */
    static void requireSameMajorVersion(Path pgData, int bundledMajor) throws IOException {
        Path versionFile = pgData.resolve("PG_VERSION");
        if (bundledMajor < 0 || !Files.exists(versionFile)) {
            return;
        }
        String text = Files.readString(versionFile).strip();
        int dataMajor;
        try {
            dataMajor = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new StartupException("the database in " + pgData + " has an unreadable PG_VERSION (" + text
                    + "): restore the data directory from a backup");
        }
        if (dataMajor > bundledMajor) {
            throw new StartupException("the database in " + pgData + " was written by a newer Teller (PostgreSQL "
                    + dataMajor + "; this Teller has PostgreSQL " + bundledMajor
                    + "): install that newer Teller again; nothing was changed");
        }
        if (dataMajor < bundledMajor) {
            throw new StartupException("the database in " + pgData + " is PostgreSQL " + dataMajor
                    + " and this Teller has PostgreSQL " + bundledMajor + ": start it once with the Teller that wrote it "
                    + "and export it (see docs/decisions/0066); nothing was changed");
        }
    }

    public static Mode modeFromEnvironment(String value) {
        return value == null || value.isBlank() ? Mode.AUTO : Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    private static Mode chooseMode() {
        if (!isRoot()) {
            return Mode.ZONKY;
        }
        return userNamespacesWork() ? Mode.ZONKY : Mode.SETPRIV;
    }

    static boolean isRoot() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return false;
        }
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean userNamespacesWork() {
        try {
            Process probe = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A postmaster left running by a process that died (kill -9, power loss) holds the data
     * directory; stop it so this start can proceed. Its data is safe: PostgreSQL recovers from WAL.
     */
    private static void stopStalePostmaster(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = postmasterPid(pgData).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true))
                // A reused pid may belong to another PostgreSQL (another data directory): never stop that one.
                .filter(p -> p.info().arguments().map(args -> java.util.Arrays.asList(args).contains(pgData.toString()))
                        .orElse(true));
        if (postmaster.isEmpty()) {
            return;
        }
        log.warn("stopping a PostgreSQL (pid {}) left running on {} by an earlier process", postmaster.get().pid(), pgData);
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(STALE_STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            postmaster.get().destroyForcibly();
        }
    }

    private void ensureDatabase() throws SQLException {
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"));
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + DATABASE);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The zonky launcher (which uses {@code unshare -U} itself when running as root). */
    static final class ZonkyPostgres extends EmbeddedPostgres {
        private final Path pgData;
        private volatile io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;

        private ZonkyPostgres(Path pgData, io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
            this.pgData = pgData;
            this.postgres = postgres;
        }

        static ZonkyPostgres start(Path pgData) throws IOException {
            return new ZonkyPostgres(pgData, launch(pgData, freePort()));
        }

        private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres launch(Path pgData, int port) throws IOException {
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(STARTUP_WAIT);
            DURABILITY.forEach(builder::setServerConfig);
            return builder.start();
        }

        @Override
        public int port() {
            return postgres.getPort();
        }

        @Override
        public Path pgData() {
            return pgData;
        }

        @Override
        public synchronized void restart() throws IOException {
            requireCluster(pgData);
            int port = port();
            // Releases zonky's lock on the data directory; its "pg_ctl stop" of the dead server fails harmlessly.
            close();
            postgres = launch(pgData, port);
        }

        /** Synchronized with {@link #restart}: a stop during a restart stops the PostgreSQL it started. */
        @Override
        public synchronized void close() {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
