package teller.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL the product runs when no DATABASE_URL is given: it starts for real,
 * answers queries, keeps its data across restarts of the same data directory, and leaves no
 * postmaster behind when closed.
 */
class EmbeddedPostgresTest {
    private static final Duration POSTMASTER_EXIT_WAIT = Duration.ofSeconds(30);

    @Test
    void setprivModeRunsARealPostgresAsAnUnprivilegedUidWhenTheProcessIsRoot() throws Exception {
        assumeTrue(EmbeddedPostgres.isRoot(), "the setpriv fallback exists for root processes only");
        Path dataDir = Files.createTempDirectory("teller-setpriv-pg");
        long postmasterPid;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, EmbeddedPostgres.Mode.SETPRIV)) {
            assertThat(postgres).isInstanceOf(SetprivPostgres.class);
            postmasterPid = postmasterPid(dataDir);
            assertThat(uidOf(postmasterPid)).as("postmaster uid").isEqualTo(SetprivPostgres.UNPRIVILEGED_ID);
            try (var connection = DriverManager.getConnection(postgres.jdbcUrl());
                 var statement = connection.createStatement()) {
                var rs = statement.executeQuery("SELECT current_database(), 6 * 7");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(EmbeddedPostgres.DATABASE);
                assertThat(rs.getInt(2)).isEqualTo(42);
            }
            writeMarker(postgres, "kept across setpriv restarts");
        }
        assertStopped(dataDir, postmasterPid);

        try (EmbeddedPostgres restarted = EmbeddedPostgres.start(dataDir, EmbeddedPostgres.Mode.SETPRIV)) {
            assertThat(readMarker(restarted)).isEqualTo("kept across setpriv restarts");
            postmasterPid = postmasterPid(dataDir);
        }
        assertStopped(dataDir, postmasterPid);
    }

    @Test
    void defaultModeKeepsDataAcrossARestartOfTheSameDataDirectoryAndStopsItsPostmaster() throws Exception {
        Path dataDir = Files.createTempDirectory("teller-auto-pg");
        long postmasterPid;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, EmbeddedPostgres.Mode.AUTO)) {
            writeMarker(postgres, "kept across restarts");
            postmasterPid = postmasterPid(dataDir);
        }
        assertStopped(dataDir, postmasterPid);
        try (EmbeddedPostgres restarted = EmbeddedPostgres.start(dataDir, EmbeddedPostgres.Mode.AUTO)) {
            assertThat(readMarker(restarted)).isEqualTo("kept across restarts");
            postmasterPid = postmasterPid(dataDir);
        }
        assertStopped(dataDir, postmasterPid);
    }

    private static void writeMarker(EmbeddedPostgres postgres, String text) throws SQLException {
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl());
             var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE marker (note text NOT NULL)");
            statement.execute("INSERT INTO marker VALUES ('" + text + "')");
        }
    }

    private static String readMarker(EmbeddedPostgres postgres) throws SQLException {
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl());
             var statement = connection.createStatement()) {
            var rs = statement.executeQuery("SELECT note FROM marker");
            assertThat(rs.next()).as("the marker row survived the restart").isTrue();
            return rs.getString(1);
        }
    }

    static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("pgdata/postmaster.pid")).get(0).trim());
    }

    private static int uidOf(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no Uid line for pid " + pid);
    }

    /** The postmaster has exited and released the data directory (no postmaster.pid left). */
    static void assertStopped(Path dataDir, long postmasterPid) throws Exception {
        var handle = ProcessHandle.of(postmasterPid);
        if (handle.isPresent()) {
            handle.get().onExit().get(POSTMASTER_EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false))
                .as("postmaster %d still running", postmasterPid).isFalse();
        assertThat(dataDir.resolve("pgdata/postmaster.pid")).doesNotExist();
    }
}
