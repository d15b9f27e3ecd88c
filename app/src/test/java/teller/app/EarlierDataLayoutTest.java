package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import teller.ui.api.OrderQuery;
import teller.ui.api.TellerClient;

/**
 * A data directory written by a Teller before 0.1.0 (decision 0065): {@code --data-dir X} named the
 * Local database's own directory, so the cluster is {@code X/pgdata}, where this layout expects
 * {@code X/local/pgdata}. This build opens it where it is instead of starting an empty database beside it.
 */
class EarlierDataLayoutTest {
    @TempDir
    Path home;

    @Test
    void theEarlierLayoutIsOpenedWhereItIsOnlyForRealLocalDataOutsideTheServersDefault() throws Exception {
        Path x = home.resolve("x");
        Path headlessDefault = home.resolve(".teller");
        Files.createDirectories(x.resolve("pgdata"));
        Files.writeString(x.resolve("pgdata/PG_VERSION"), "17\n");

        assertThat(DesktopOptions.localServerDirectory(x, false, headlessDefault)).as("earlier layout").isEqualTo(x);
        assertThat(DesktopOptions.localServerDirectory(x, true, headlessDefault)).as("demo never adopts it")
                .isEqualTo(x.resolve("demo"));
        assertThat(DesktopOptions.localServerDirectory(x, false, x)).as("the headless server's own data dir")
                .isEqualTo(x.resolve("local"));
        Files.createDirectories(x.resolve("local/pgdata"));
        assertThat(DesktopOptions.localServerDirectory(x, false, headlessDefault)).as("this layout's database wins")
                .isEqualTo(x.resolve("local"));
        Path empty = home.resolve("new");
        assertThat(DesktopOptions.localServerDirectory(empty, false, headlessDefault)).isEqualTo(empty.resolve("local"));
    }

    @Test
    void aDataDirectoryOfAnEarlierTellerOpensWithItsDataInsteadOfAnEmptyDatabaseBesideIt() throws Exception {
        Path x = home.resolve("teller-data");
        long orders;
        // The earlier Teller: its bundled server used --data-dir X itself (demo data, so there is something to find).
        try (BundledServer earlier = new BundledServer(x, true, Map.of())) {
            var connection = earlier.start();
            orders = TellerClient.login(TellerClient.defaultHttpClient(), connection.baseUrl(), "admin",
                    connection.password()).client().listOrders(OrderQuery.pending(null, 50)).items().size();
        }
        assertThat(orders).isPositive();

        DesktopOptions options = DesktopOptions.parse(List.of("--data-dir", x.toString()), Map.of(), home.resolve("place"));
        Path local = options.localServerDirectory();
        assertThat(local).isEqualTo(x);
        try (BundledServer now = new BundledServer(local, false, Map.of())) {
            var connection = now.start();
            var client = TellerClient.login(TellerClient.defaultHttpClient(), connection.baseUrl(), "admin",
                    connection.password()).client();
            assertThat(client.listOrders(OrderQuery.pending(null, 50)).items()).as("the earlier data").hasSize((int) orders);
        }
        assertThat(x.resolve("local/pgdata")).as("no empty database beside it").doesNotExist();
    }
}
