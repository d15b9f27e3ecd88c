package teller.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import teller.server.Main;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.TestPostgres;
import teller.server.support.TestServer;

/**
 * The headless jar's commands, run in-process through the same picocli command line as
 * {@code java -jar teller-server-core.jar}, against real databases given by DATABASE_URL.
 */
class CommandLineTest {
    private static final String OPERATOR_PASSWORD = "night-shift-password-1";

    @TempDir
    static Path dataDirectories;

    /** One database shared by the operator and verify tests, with a server over it. */
    static String databaseUrl;
    static ServerCore server;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void start() {
        databaseUrl = TestPostgres.freshDatabase();
        server = TestServer.start(b -> b.database(databaseUrl, null, null));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void migrateBringsAnEmptyDatabaseToTheLatestSchemaAndASecondRunAppliesNothing() throws Exception {
        String empty = TestPostgres.emptyDatabase();
        Run first = run(Map.of("DATABASE_URL", empty), "migrate");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).containsPattern("migrations applied: [1-9]\\d*; schema at version \\d+");
        assertThat(tableExists(empty, "orders")).isTrue();
        assertThat(tableExists(empty, "ledger_entries")).isTrue();

        Run second = run(Map.of("DATABASE_URL", empty), "migrate");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("migrations applied: 0;");
    }

    @Test
    void anOperatorCreatedOnTheCommandLineCanSignInOverHttp() {
        Run created = run(Map.of("DATABASE_URL", databaseUrl, "TELLER_NEW_OPERATOR_PASSWORD", OPERATOR_PASSWORD),
                "create-operator", "--username", "night.shift", "--role", "APPROVER,VIEWER");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("operator night.shift created");

        ApiClient nightShift = ApiClient.signedIn(server.baseUrl(), "night.shift", OPERATOR_PASSWORD);
        var me = nightShift.get("/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("roles").toString()).isEqualTo("[\"APPROVER\",\"VIEWER\"]");

        Run again = run(Map.of("DATABASE_URL", databaseUrl, "TELLER_NEW_OPERATOR_PASSWORD", OPERATOR_PASSWORD),
                "create-operator", "--username", "night.shift", "--role", "VIEWER");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("refused").contains("already exists");

        Run weak = run(Map.of("DATABASE_URL", databaseUrl, "TELLER_NEW_OPERATOR_PASSWORD", "short"),
                "create-operator", "--username", "weak.one", "--role", "VIEWER");
        assertThat(weak.exitCode()).isEqualTo(1);
        assertThat(weak.err()).contains("password");
    }

    @Test
    void verifyPassesACleanLedgerAndFailsWithAMessageOnAPlantedDiscrepancy() throws Exception {
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        assertThat(admin.post("/api/v1/players", Map.of("id", "v-1", "username", "verify.me", "currency", "USD"))
                .status()).isEqualTo(201);
        var order = admin.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", "v-1", "amount", 7_700,
                "currency", "USD", "source", Map.of("channel", "API")));
        assertThat(order.status()).as(order.text()).isEqualTo(201);
        admin.post("/api/v1/operators", Map.of("username", "checker", "password", "checker-password-1",
                "roles", List.of("APPROVER")));
        var approved = ApiClient.signedIn(server.baseUrl(), "checker", "checker-password-1")
                .post("/api/v1/orders/" + order.at("/id") + "/approve", Map.of());
        assertThat(approved.at("/status")).as(approved.text()).isEqualTo("APPROVED_EXECUTED");

        Run clean = run(Map.of("DATABASE_URL", databaseUrl), "verify");
        assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).contains("ledger: balanced").contains("audit:  intact");

        // A stored balance that no longer matches its entries, as a bad manual fix would leave it.
        try (var connection = DriverManager.getConnection(databaseUrl); var st = connection.createStatement()) {
            assertThat(st.executeUpdate("""
                    UPDATE account_balances SET posted = posted + 7
                     WHERE (account_id, bucket) = (SELECT b.account_id, b.bucket FROM account_balances b
                                                     JOIN accounts a ON a.id = b.account_id
                                                    WHERE a.code = 'house:cash:USD' AND b.posted <> 0 LIMIT 1)""")).isEqualTo(1);
        }
        Run broken = run(Map.of("DATABASE_URL", databaseUrl), "verify");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).contains("DISCREPANCIES FOUND").contains("house:cash:USD");
    }

    @Test
    void badArgumentsPrintUsageAndExitWithTwo() {
        Run badPort = run(Map.of(), "serve", "--port", "eighty");
        assertThat(badPort.exitCode()).isEqualTo(2);
        assertThat(badPort.err()).contains("--port").contains("Usage:");

        Run unknown = run(Map.of(), "frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument").contains("frobnicate").contains("Did you mean");

        Run missing = run(Map.of(), "create-operator", "--role", "VIEWER");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--username").contains("Usage:");

        Run badRole = run(Map.of(), "create-operator", "--username", "x1", "--role", "EMPEROR");
        assertThat(badRole.exitCode()).isEqualTo(2);
        assertThat(badRole.err()).contains("EMPEROR");
    }

    @Test
    void helpListsEveryCommand() {
        Run help = run(Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("serve", "migrate", "verify", "create-operator");
    }

    /** Runs the command line over {@code environment} with a fresh data directory of its own. */
    private static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = withDataDirectory(environment);
        var commandLine = Main.commandLine(env);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        if (environment.containsKey("DATABASE_URL")) {
            assertThat(Path.of(env.get("TELLER_DATA_DIR"), "pgdata"))
                    .as("with DATABASE_URL no embedded PostgreSQL is started").doesNotExist();
        }
        return new Run(exit, out.toString(), err.toString());
    }

    private static Map<String, String> withDataDirectory(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        try {
            env.putIfAbsent("TELLER_DATA_DIR", Files.createTempDirectory(dataDirectories, "cli").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return env;
    }

    private static boolean tableExists(String url, String table) throws SQLException {
        try (var connection = DriverManager.getConnection(url);
             var st = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            st.setString(1, table);
            var rs = st.executeQuery();
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
