package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import teller.server.BuildInfo;
import teller.server.ServerCore;
import teller.ui.api.OrderQuery;
import teller.ui.api.ProviderInfo;
import teller.ui.api.ProvidersApi;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;
import teller.ui.connect.ConnectViewModel;
import teller.ui.connect.LocalServer;

/** The Local profile for real: server-core in this JVM on its own embedded PostgreSQL. */
class BundledServerTest {
    @Test
    void localServerListensOnLoopbackSignsInAsAdminAndKeepsItsPasswordAcrossRestarts(@TempDir Path dir)
            throws Exception {
        // A team server's settings in the shell must not leak into the local profile.
        Map<String, String> env = Map.of("DATABASE_URL", "jdbc:postgresql://db.example.invalid/teller",
                "TELLER_BIND_ADDRESS", "0.0.0.0", "TELLER_PORT", "8080");
        String firstPassword;
        try (BundledServer local = new BundledServer(dir, true, env)) {
            LocalServer.LocalConnection connection = local.start();
            assertThat(local.start()).as("started once").isSameAs(connection);
            assertThat(connection.baseUrl()).startsWith("http://127.0.0.1:").doesNotEndWith(":8080");
            assertThat(connection.toString()).doesNotContain(connection.password());
            firstPassword = connection.password();
            Path passwordFile = dir.resolve(ServerCore.ADMIN_PASSWORD_FILE);
            assertThat(Files.readString(passwordFile).strip()).isEqualTo(firstPassword);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");

            var client = TellerClient.login(TellerClient.defaultHttpClient(), connection.baseUrl(), "admin",
                    firstPassword).client();
            assertThat(client.listOrders(OrderQuery.pending(null, 50)).items()).as("demo data seeded").isNotEmpty();
            assertThat(new ProvidersApi(client).providers().stream().filter(ProviderInfo::executes))
                    .as("--demo executes game loads and withdrawals through SANDBOX providers")
                    .isNotEmpty().allMatch(ProviderInfo::sandbox);
        }
        try (BundledServer again = new BundledServer(dir, true, Map.of())) {
            LocalServer.LocalConnection connection = again.start();
            assertThat(connection.password()).isEqualTo(firstPassword);
            assertThat(again.oneClick()).as("the demo signs in with one click").isTrue();
            TellerClient.login(TellerClient.defaultHttpClient(), connection.baseUrl(), "admin", connection.password());
        }
    }

    @Test
    void localDataShowsTheAdminsPasswordOnceAndThenAsksForIt(@TempDir Path dir) throws Exception {
        String password;
        try (BundledServer local = new BundledServer(dir, false, Map.of())) {
            assertThat(local.oneClick()).isFalse();
            LocalServer.LocalConnection first = local.start();
            assertThat(first.firstRun()).isTrue();
            password = first.password();
            assertThat(password).isNotBlank();
            TellerClient.login(TellerClient.defaultHttpClient(), first.baseUrl(), "admin", password);

            local.passwordNoted();
            assertThat(dir.resolve(ServerCore.ADMIN_PASSWORD_FILE)).as("kept nowhere readable").doesNotExist();
            assertThat(local.start().password()).isNull();
            assertThat(local.start().firstRun()).isFalse();
        }
        try (BundledServer again = new BundledServer(dir, false, Map.of())) {
            LocalServer.LocalConnection connection = again.start();
            assertThat(connection.password()).as("the operator types it").isNull();
            assertThat(connection.firstRun()).isFalse();
            TellerClient.login(TellerClient.defaultHttpClient(), connection.baseUrl(), "admin", password);
        }
    }

    @Test
    void aDataDirectoryWrittenByANewerTellerIsRefusedOnTheConnectScreenAndLeftAsItWas(@TempDir Path dir) throws Exception {
        Path pgData = Files.createDirectories(dir.resolve("pgdata"));
        Files.writeString(pgData.resolve("PG_VERSION"), "99\n");
        try (BundledServer local = new BundledServer(dir, false, Map.of())) {
            ConnectViewModel connect = new ConnectViewModel(UiExecutors.inline(), TellerClient.defaultHttpClient(), local,
                    session -> { throw new AssertionError("no session may open"); });
            connect.modeProperty().set(ConnectViewModel.Mode.LOCAL);
            connect.connect();
            assertThat(connect.errorProperty().get()).isEqualTo("Could not start the local server. The database in "
                    + pgData + " was written by a newer Teller (PostgreSQL 99; this Teller has PostgreSQL "
                    + BuildInfo.postgresMajorVersion() + "): install that newer Teller again; nothing was changed.");
        }
        try (var files = Files.list(pgData)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("PG_VERSION");
        }
    }
}
