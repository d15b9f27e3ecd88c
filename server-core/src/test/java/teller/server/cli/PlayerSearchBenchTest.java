package teller.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("loaded 2,500 players", "p99")
                    .contains(PlayerSearchBench.KINDS);
            var player = admin.get("/api/v1/players/bench-77");
            assertThat(player.status()).as(player.text()).isEqualTo(200);
            assertThat(player.at("/available")).isEqualTo("0");
            assertThat(admin.get("/api/v1/ledger/verify").at("/balanced")).isEqualTo("true");
        }
    }

    /** The bench times every shape of decision 0215 that finds bench players, so its p99 covers them. */
    @Test
    void theBenchTimesEveryShapeOfSearch() {
        Map<String, List<String>> kinds = PlayerSearchBench.searches(1_000_000, 200);
        assertThat(kinds.keySet()).containsExactlyElementsOf(PlayerSearchBench.KINDS);
        kinds.values().forEach(texts -> assertThat(texts).hasSize(200));
        assertThat(kinds.get(PlayerSearchBench.ONE_CHARACTER)).allMatch(t -> t.matches("[a-z]"));
        assertThat(kinds.get(PlayerSearchBench.TWO_LETTERS)).allMatch(t -> t.matches("[a-z]{2}"));
        assertThat(kinds.get(PlayerSearchBench.COMMON_WORD)).allMatch(t -> t.matches("[a-z]{3,}"));
        assertThat(kinds.get(PlayerSearchBench.RARE_FRAGMENT)).allMatch(t -> t.matches("[0-9a-f]{3}[0-9]+"));
        assertThat(kinds.get(PlayerSearchBench.EXACT_ID)).allMatch(t -> t.matches("bench-[0-9]+"));
        assertThat(kinds.get(PlayerSearchBench.SHORT_ID)).allMatch(t -> t.matches("bench-[0-9]{1,2}"));
        // Search-as-you-type: single letters, the bare "bench-" and 1-2 digits after it among them.
        assertThat(kinds.get(PlayerSearchBench.ID_AS_TYPED)).allMatch(t -> "bench-".startsWith(t) || t.matches("bench-[0-9]+"))
                .anyMatch(t -> t.length() == 1).anyMatch("bench-"::equals).anyMatch(t -> t.matches("bench-[0-9]{1,2}"));
        assertThat(kinds.get(PlayerSearchBench.DIGITS)).allMatch(t -> t.matches("[0-9]{3,}"));
        assertThat(kinds.get(PlayerSearchBench.MIXED_CASE)).allMatch(t -> !t.equals(t.toLowerCase(java.util.Locale.ROOT)))
                .anyMatch(t -> t.startsWith("BENCH-")).anyMatch(t -> t.matches("[A-Z][a-z]+"));
        assertThat(kinds.get(PlayerSearchBench.LITERAL_UNDERSCORE)).allMatch(t -> t.matches("[a-z]+_[0-9a-f]{2}"));
    }
}
