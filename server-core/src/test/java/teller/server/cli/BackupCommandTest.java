package teller.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import teller.server.Main;
import teller.server.ServerCore;
import teller.server.config.ServerConfig;
import teller.server.db.LastBackup;
import teller.server.support.ApiClient;
import teller.server.support.TestPostgres;
import teller.server.support.TestServer;

/**
 * The backup and restore commands as an operator runs them: {@code backup --data-dir DIR} while a
 * server runs on DIR (embedded PostgreSQL), {@code restore} into a new data directory and into a
 * DATABASE_URL, and bad input refused naming the option, with nothing written.
 */
class BackupCommandTest {
    record Run(int exit, String out, String err) {
    }

    @Test
    void backupOfARunningServersDataDirRestoresIntoANewDataDirAndVerifies() throws Exception {
        Path data = Files.createTempDirectory("teller-backup-live");
        Path restoredData = Files.createTempDirectory("teller-backup-restored");
        Path file = Files.createTempDirectory("teller-backup-files").resolve("live.backup");
        ServerConfig config = ServerConfig.fromEnvironment(Map.of()).toBuilder().port(0).dataDirectory(data)
                .adminPassword(TestServer.ADMIN_PASSWORD).build();
        try {
            try (ServerCore server = ServerCore.start(config, Clock.systemUTC(), reason -> { })) {
                ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
                assertThat(admin.post("/api/v1/players", Map.of("id", "kept", "username", "kept", "currency", "USD"))
                        .status()).isEqualTo(201);

                Run backup = run(Map.of(), "backup", "--data-dir", data.toString(), "--out", file.toString());

                assertThat(backup.exit()).as(backup.err()).isZero();
                assertThat(backup.out()).contains("backup written to " + file);
                assertThat(LastBackup.read(data)).hasValueSatisfying(last -> assertThat(last.file()).isEqualTo(file.toString()));
            }

            Run restore = run(Map.of(), "restore", "--data-dir", restoredData.toString(), "--from", file.toString());
            assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
            assertThat(restore.out()).contains("ledger: balanced").contains("audit:  intact");

            Run again = run(Map.of(), "restore", "--data-dir", restoredData.toString(), "--from", file.toString());
            assertThat(again.exit()).isEqualTo(2);
            assertThat(again.err()).contains("not empty").contains("nothing written");

            String empty = TestPostgres.emptyDatabase();
            Run intoUrl = run(Map.of("DATABASE_URL", empty), "restore", "--from", file.toString());
            assertThat(intoUrl.exit()).as(intoUrl.out() + intoUrl.err()).isZero();
        } finally {
            TestPostgres.deleteRecursively(data);
            TestPostgres.deleteRecursively(restoredData);
        }
    }

    @Test
    void badInputIsRefusedNamingTheOptionAndWritesNothing() throws Exception {
        Path folder = Files.createTempDirectory("teller-backup-bad");
        Path existing = Files.writeString(folder.resolve("exists.backup"), "keep me");
        String database = TestPostgres.freshDatabase();

        Run overwrite = run(Map.of("DATABASE_URL", database), "backup", "--out", existing.toString());
        Run noFolder = run(Map.of("DATABASE_URL", database), "backup", "--out", folder.resolve("no/such/x.backup").toString());
        Run noOut = run(Map.of("DATABASE_URL", database), "backup");
        Run missing = run(Map.of("DATABASE_URL", TestPostgres.emptyDatabase()), "restore", "--from",
                folder.resolve("missing.backup").toString());
        Run notABackup = run(Map.of("DATABASE_URL", TestPostgres.emptyDatabase()), "restore", "--from", existing.toString());

        assertThat(overwrite.exit()).isEqualTo(2);
        assertThat(overwrite.err()).contains("--out").contains("already exists");
        assertThat(Files.readString(existing)).isEqualTo("keep me");
        assertThat(noFolder.exit()).isEqualTo(2);
        assertThat(noFolder.err()).contains("--out").contains("does not exist");
        assertThat(noOut.exit()).isEqualTo(2);
        assertThat(noOut.err()).contains("--out");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--from");
        assertThat(notABackup.exit()).isEqualTo(2);
        assertThat(notABackup.err()).contains("not a complete Teller backup");
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("exists.backup");
        }
    }

    private static Run run(Map<String, String> environment, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.putIfAbsent("TELLER_DATA_DIR", Files.createTempDirectory("teller-backup-cli").toString());
        var commandLine = Main.commandLine(env);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
