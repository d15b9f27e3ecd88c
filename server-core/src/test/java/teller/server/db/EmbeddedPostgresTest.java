package teller.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import teller.server.support.PostgresProcesses;

/**
 * The embedded PostgreSQL the product runs when no DATABASE_URL is given: it starts for real,
 * answers queries, keeps its data across restarts of the same data directory, and leaves no
 * postmaster behind when closed.
 */
class EmbeddedPostgresTest {
    @TempDir
    Path temp;

    @Test
    void setprivModeRunsARealPostgresAsAnUnprivilegedUidWhenTheProcessIsRoot() throws Exception {
        assumeTrue(EmbeddedPostgres.isRoot(), "the setpriv fallback exists for root processes only");
        Path dataDir = temp.resolve("setpriv");
        long postmasterPid;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, EmbeddedPostgres.Mode.SETPRIV)) {
            assertThat(postgres).isInstanceOf(SetprivPostgres.class);
            postmasterPid = PostgresProcesses.postmasterPid(dataDir);
            assertThat(uidOf(postmasterPid)).as("postmaster uid").isEqualTo(SetprivPostgres.UNPRIVILEGED_ID);
            try (var connection = DriverManager.getConnection(postgres.jdbcUrl());
                 var statement = connection.createStatement()) {
                var rs = statement.executeQuery("SELECT current_database(), 6 * 7");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(EmbeddedPostgres.DATABASE);
                assertThat(rs.getInt(2)).isEqualTo(42);
            }
            assertDurable(postgres);
            writeMarker(postgres, "kept across setpriv restarts");
        }
        PostgresProcesses.assertStopped(dataDir, postmasterPid);

        try (EmbeddedPostgres restarted = EmbeddedPostgres.start(dataDir, EmbeddedPostgres.Mode.SETPRIV)) {
            assertThat(readMarker(restarted)).isEqualTo("kept across setpriv restarts");
            postmasterPid = PostgresProcesses.postmasterPid(dataDir);
        }
        PostgresProcesses.assertStopped(dataDir, postmasterPid);
    }

    @Test
    void defaultModeKeepsDataAcrossARestartOfTheSameDataDirectoryAndStopsItsPostmaster() throws Exception {
        Path dataDir = temp.resolve("auto");
        long postmasterPid;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, EmbeddedPostgres.Mode.AUTO)) {
            assertDurable(postgres);
            writeMarker(postgres, "kept across restarts");
            postmasterPid = PostgresProcesses.postmasterPid(dataDir);
        }
        PostgresProcesses.assertStopped(dataDir, postmasterPid);
        try (EmbeddedPostgres restarted = EmbeddedPostgres.start(dataDir, EmbeddedPostgres.Mode.AUTO)) {
            assertThat(readMarker(restarted)).isEqualTo("kept across restarts");
            postmasterPid = PostgresProcesses.postmasterPid(dataDir);
        }
        PostgresProcesses.assertStopped(dataDir, postmasterPid);
    }

    @Test
    void zonkyModeRunsWithFsyncOnAlthoughZonkyStartsPostgresWithMinusF() throws Exception {
        Path dataDir = temp.resolve("zonky");
        long postmasterPid;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, EmbeddedPostgres.Mode.ZONKY)) {
            assertDurable(postgres);
            postmasterPid = PostgresProcesses.postmasterPid(dataDir);
        }
        PostgresProcesses.assertStopped(dataDir, postmasterPid);
    }

    /**
     * What a SIGKILLed server leaves behind (issue 15): its postmaster still running on the data
     * directory, or, after a power loss, a postmaster.pid naming a process that is gone. Neither
     * stops the next start, and the data is still there.
     */
    @Test
    void aPostmasterLeftRunningByADeadProcessOrAStalePidFileDoesNotStopTheNextStart() throws Exception {
        // zonky also holds a file lock inside this JVM, which a killed process would have lost; the
        // setpriv launcher holds none, so one JVM can play both the dead process and the next one.
        assumeTrue(EmbeddedPostgres.isRoot(), "the setpriv launcher exists for root processes only");
        var mode = EmbeddedPostgres.Mode.SETPRIV;
        Path dataDir = temp.resolve("left-behind");
        EmbeddedPostgres abandoned = EmbeddedPostgres.start(dataDir, mode);
        writeMarker(abandoned, "kept across a kill");
        long orphan = PostgresProcesses.postmasterPid(dataDir);
        String pidFile;
        long postmasterPid;
        try (EmbeddedPostgres next = EmbeddedPostgres.start(dataDir, mode)) {
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
                    .as("the postmaster left running was stopped").isFalse();
            assertThat(readMarker(next)).isEqualTo("kept across a kill");
            postmasterPid = PostgresProcesses.postmasterPid(dataDir);
            pidFile = Files.readString(dataDir.resolve("pgdata/postmaster.pid"));
        }
        PostgresProcesses.assertStopped(dataDir, postmasterPid);

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(dataDir.resolve("pgdata/postmaster.pid"),
                pidFile.replaceFirst("^\\d+", String.valueOf(gone.pid())));
        try (EmbeddedPostgres afterPowerLoss = EmbeddedPostgres.start(dataDir, mode)) {
            assertThat(readMarker(afterPowerLoss)).isEqualTo("kept across a kill");
            postmasterPid = PostgresProcesses.postmasterPid(dataDir);
        }
        PostgresProcesses.assertStopped(dataDir, postmasterPid);
        abandoned.close(); // its postmaster is long gone: closing it must not throw
    }

    /**
     * Asks the running server itself: an acknowledged approval must survive an OS crash or a power
     * loss, which needs fsync and full-page writes on and commits that wait for the WAL flush.
     */
    private static void assertDurable(EmbeddedPostgres postgres) throws SQLException {
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl());
             var statement = connection.createStatement()) {
            for (String setting : new String[] {"fsync", "full_page_writes", "synchronous_commit"}) {
                var rs = statement.executeQuery("SHOW " + setting);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as(setting).isEqualTo("on");
            }
        }
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

    private static int uidOf(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no Uid line for pid " + pid);
    }
}
