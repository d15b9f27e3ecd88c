package teller.server.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import teller.server.ServerCore;
import teller.server.cli.VerifyCommand;
import teller.server.config.ServerConfig;
import teller.server.db.EmbeddedPostgres;
import teller.server.support.ApiClient;

/**
 * An installed Teller upgraded in place: the data directory of the previous release (its embedded
 * PostgreSQL, migrated to that release's schema, with that release's data in it) opens with this
 * build, which migrates it on start; every ledger invariant and the audit chain still hold, and the
 * operators, players and balances are all there.
 */
class UpgradeFromPreviousReleaseTest {
    /** The schema of the previous release (main before 0.1.0 had migrations up to V12). */
    static final String PREVIOUS_RELEASE_SCHEMA = "12";
    static final String PREVIOUS_RELEASE_DATA = "/upgrade/v12-demo.copy.gz";
    /** The fixture's admin password (TELLER_ADMIN_PASSWORD when it was written). */
    static final String ADMIN_PASSWORD = "release-fixture-admin-1";

    @TempDir
    Path dataDirectory;

    @Test
    void aDataDirectoryOfThePreviousReleaseOpensMigratesAndVerifies() throws Exception {
        long players;
        long postedTransactions;
        try (EmbeddedPostgres previous = EmbeddedPostgres.start(dataDirectory, EmbeddedPostgres.Mode.AUTO)) {
            Flyway.configure().dataSource(previous.jdbcUrl(), null, null).locations("classpath:db/migration")
                    .target(PREVIOUS_RELEASE_SCHEMA).load().migrate();
            try (var connection = DriverManager.getConnection(previous.jdbcUrl())) {
                ReleaseFixture.load(PREVIOUS_RELEASE_DATA, connection);
            }
            players = count(previous.jdbcUrl(), "SELECT count(*) FROM players");
            postedTransactions = count(previous.jdbcUrl(), "SELECT count(*) FROM ledger_transactions WHERE status = 'POSTED'");
            assertThat(players).as("the fixture has data").isPositive();
            assertThat(postedTransactions).isPositive();
        }

        ServerConfig config = ServerConfig.fromEnvironment(Map.of()).toBuilder().dataDirectory(dataDirectory).port(0)
                .adminPassword(ADMIN_PASSWORD).build();
        try (ServerCore upgraded = ServerCore.start(config)) {
            ApiClient admin = ApiClient.signedIn(upgraded.baseUrl(), "admin", ADMIN_PASSWORD);
            assertThat(admin.get("/health/ready").status()).as("migrated to the latest schema").isEqualTo(200);
            assertThat(admin.get("/api/v1/players/p-1002").body().get("balance").asLong())
                    .as("the demo's balances are kept").isEqualTo(1_200_00);
            assertThat(admin.get("/api/v1/ledger/verify").body().get("balanced").asBoolean()).isTrue();
            String upgradedUrl = "jdbc:postgresql://127.0.0.1:" + upgraded.embeddedDatabasePort().orElseThrow() + "/"
                    + EmbeddedPostgres.DATABASE + "?user=" + EmbeddedPostgres.USER;
            assertThat(count(upgradedUrl, "SELECT count(*) FROM players")).isEqualTo(players);
            assertThat(count(upgradedUrl, "SELECT count(*) FROM ledger_transactions WHERE status = 'POSTED'"))
                    .isEqualTo(postedTransactions);
            assertThat(count(upgradedUrl, "SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isZero();
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VerifyCommand.verify(config, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ledger: balanced");
    }

    private static long count(String url, String query) throws Exception {
        try (var connection = DriverManager.getConnection(url); var statement = connection.createStatement();
             var rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
