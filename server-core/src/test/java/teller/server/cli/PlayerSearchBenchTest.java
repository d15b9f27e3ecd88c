package teller.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;

/**
 * The player-search benchmark run tiny (no timing is asserted): its loader writes players whose
 * wallets the ledger accepts, and every kind of search it times finds players.
 */
class PlayerSearchBenchTest {
    @Test
    void aSmallLoadIsSearchableByEveryKindOfSearchAndTheLedgerStaysBalanced() throws Exception {
        try (ServerCore server = TestServer.start()) {
            var bytes = new ByteArrayOutputStream();
            var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            PlayerSearchBench.load(server.database().jdbi(), 2_500, out);
            ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
            var http = BenchServer.httpClient(2).build();
            try {
                boolean ok = PlayerSearchBench.measure(http, server.baseUrl(), admin.token(), 2_500, 5, out);
                assertThat(ok).as(bytes.toString(StandardCharsets.UTF_8)).isTrue();
            } finally {
                BenchServer.stop(http);
            }
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("loaded 2,500 players", "prefix (2 letters)",
                    "common word", "rare fragment", "exact id", "p99");
            var player = admin.get("/api/v1/players/bench-77");
            assertThat(player.status()).as(player.text()).isEqualTo(200);
            assertThat(player.at("/available")).isEqualTo("0");
            assertThat(admin.get("/api/v1/ledger/verify").at("/balanced")).isEqualTo("true");
        }
    }
}
