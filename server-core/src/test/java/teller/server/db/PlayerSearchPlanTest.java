package teller.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.TestServer;

/**
 * How the player search reads the table, from PostgreSQL's own plan (no timing): a prefix late in
 * the alphabet must start its index walk at the prefix, not at the first name. With the username
 * and the id in one OR, the planner walked the ordered index from the start and filtered out every
 * name before the prefix (875,000 rows for "ho" at 1M players, 6 s).
 */
class PlayerSearchPlanTest {
    private static final int PLAYERS = 20_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServerCore server;

    @BeforeAll
    static void load() {
        server = TestServer.start();
        server.database().jdbi().useTransaction(h -> h.execute("""
                WITH a AS (
                    INSERT INTO accounts (code, type, currency, lower_bound, bucket_count)
                    SELECT 'player:plan-' || g || ':wallet', 'LIABILITY', 'USD', 0, 1 FROM generate_series(1, ?) AS g
                    RETURNING id, code)
                INSERT INTO players (id, username, currency, wallet_account_id)
                SELECT split_part(code, ':', 2),
                       (ARRAY['alpha','bravo','charlie','delta','echo','foxtrot','golf','hotel'])[1 + n % 8] || '_' || n,
                       'USD', id
                  FROM (SELECT id, code, substr(split_part(code, ':', 2), 6)::int AS n FROM a) s""", PLAYERS));
        server.database().jdbi().useHandle(h -> h.execute("ANALYZE players"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTwoLetterPrefixLateInTheAlphabetReadsAboutOnePageNotTheNamesBeforeIt() throws Exception {
        JsonNode plan = explain(false, "ho%");
        assertThat(removedByFilter(plan)).as(plan.toPrettyString()).isLessThan(PLAYERS / 100);
        assertThat(actualRows(plan)).isEqualTo(51);
    }

    @Test
    void aPrefixThatMatchesNothingReadsNothing() throws Exception {
        JsonNode plan = explain(false, "zz%");
        assertThat(removedByFilter(plan)).as(plan.toPrettyString()).isLessThan(PLAYERS / 100);
        assertThat(actualRows(plan)).isZero();
    }

    @Test
    void aSubstringOfTheIdFindsItsPlayersInUsernameOrder() throws Exception {
        JsonNode plan = explain(true, "%plan-1999%");
        assertThat(actualRows(plan)).isEqualTo(11); // plan-1999 and plan-19990..19999
        assertThat(removedByFilter(plan)).as(plan.toPrettyString()).isLessThan(PLAYERS / 100);
    }

    private static JsonNode explain(boolean bySubstring, String pattern) throws Exception {
        String json = server.database().jdbi().withHandle(h -> h.createQuery(
                        "EXPLAIN (ANALYZE, FORMAT JSON) " + PgPlayerStore.searchSql(true, bySubstring))
                .bind("pattern", pattern).bind("kyc", (String) null).bind("status", (String) null)
                .bind("afterKey", (String) null).bind("afterId", (String) null).bind("limit", 51)
                .mapTo(String.class).one());
        return JSON.readTree(json).get(0).get("Plan");
    }

    private static long removedByFilter(JsonNode node) {
        long removed = node.path("Rows Removed by Filter").asLong(0);
        for (JsonNode child : node.path("Plans")) {
            removed += removedByFilter(child);
        }
        return removed;
    }

    private static long actualRows(JsonNode plan) {
        return plan.get("Actual Rows").asLong();
    }
}
