package teller.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import teller.server.BuildInfo;
import teller.server.Main;
import teller.server.support.TestPostgres;

/**
 * Starts that cannot go ahead end with one line on stderr and exit code 3, never a stack trace, and
 * write nothing: the port is taken, the data directory is not writable or in use, the database was
 * written by a newer Teller. Run in-process through the jar's own command line. A start that wrongly
 * succeeded would serve forever, hence the timeout.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BadStartTest {
    @TempDir
    Path temp;

    record Run(int exitCode, String out, String err) {
        /** The one line a bad start prints, after asserting it is one line and no stack trace. */
        String oneLine() {
            assertThat(exitCode).as(err).isEqualTo(Main.EXIT_CANNOT_START);
            assertThat(err.strip().lines()).as(err).hasSize(1);
            assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
            return err.strip();
        }
    }

    @Test
    void versionPrintsTheBuildsVersionAndExitsZero() {
        Run run = run(Map.of(), "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("teller-server-core " + BuildInfo.VERSION);
        assertThat(BuildInfo.VERSION).as("filtered from the pom").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(BuildInfo.postgresMajorVersion()).isGreaterThanOrEqualTo(13);
    }

    @Test
    void aPortInUseIsOneLineNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            String line = run(Map.of("DATABASE_URL", TestPostgres.freshDatabase()), "serve", "--port",
                    String.valueOf(port)).oneLine();
            assertThat(line).startsWith("teller-server-core: cannot listen on 127.0.0.1:" + port)
                    .contains("another program uses that port").contains("--port");
        }
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenIsOneLineAndNoDatabaseIsTouched() throws Exception {
        // Root may write anywhere, so the directory is made impossible instead: a path through a plain file.
        Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
        String line = run(Map.of("DATABASE_URL", TestPostgres.freshDatabase()), "serve", "--port", "0",
                "--data-dir", file.resolve("teller").toString()).oneLine();
        assertThat(line).startsWith("teller-server-core: the data directory " + file.resolve("teller") + " is not writable")
                .contains("--data-dir");
    }

    @Test
    void aSecondProcessOnTheSameDataDirectoryIsOneLine() throws Exception {
        Path dataDir = Files.createDirectories(temp.resolve("busy"));
        try (FileChannel channel = FileChannel.open(dataDir.resolve("teller.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); var held = channel.lock()) {
            String line = run(Map.of("DATABASE_URL", TestPostgres.freshDatabase()), "serve", "--port", "0",
                    "--data-dir", dataDir.toString()).oneLine();
            assertThat(line).isEqualTo("teller-server-core: another Teller process is using the data directory " + dataDir
                    + ": stop it, or use another --data-dir");
        }
    }

    @Test
    void aDatabaseMigratedByANewerTellerIsRefusedAndLeftAsItWas() throws Exception {
        String url = TestPostgres.freshDatabase();
        try (var connection = DriverManager.getConnection(url); var statement = connection.createStatement()) {
            statement.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, execution_time, success) SELECT max(installed_rank) + 1, '999', "
                    + "'from a newer Teller', 'SQL', 'V999__future.sql', 0, 'test', 1, true FROM flyway_schema_history");
        }
        long before = historyRows(url);
        for (String command : new String[] {"serve", "migrate"}) {
            Run run = command.equals("serve") ? run(Map.of("DATABASE_URL", url), "serve", "--port", "0")
                    : run(Map.of("DATABASE_URL", url), "migrate");
            assertThat(run.oneLine()).startsWith("teller-server-core: the database ")
                    .contains("was written by a newer Teller (schema version 999; this Teller knows up to ")
                    .endsWith("install that newer Teller again; nothing was changed");
        }
        assertThat(historyRows(url)).isEqualTo(before);
    }

    private static long historyRows(String url) throws Exception {
        try (var connection = DriverManager.getConnection(url); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM flyway_schema_history")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Run run(Map<String, String> environment, String... args) {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("TELLER_DATA_DIR", temp.resolve("data").toString());
        env.putIfAbsent("TELLER_ADMIN_PASSWORD", "bad-start-admin-password-1");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Main.commandLine(env);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
