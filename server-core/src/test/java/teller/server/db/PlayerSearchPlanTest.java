package teller.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.statement.Query;
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
                    RETURNING id, code),
                b AS (INSERT INTO account_balances (account_id, bucket, normal_sign, lower_bound)
                      SELECT id, 0, -1, 0 FROM a)
                INSERT INTO players (id, username, currency, wallet_account_id)
                SELECT split_part(code, ':', 2),
                       (ARRAY['alpha','bravo','charlie','delta','echo','foxtrot','golf','hotel'])[1 + n % 8] || '_' || n,
                       'USD', id
                  FROM (SELECT id, code, substr(split_part(code, ':', 2), 6)::int AS n FROM a) s""", PLAYERS));
        // 100 PENDING players, every one a "hotel_" (n % 200 == 7, so n % 8 == 7).
        server.database().jdbi().useHandle(h -> h.execute("UPDATE players SET kyc_status = 'PENDING' WHERE substr(id, 6)::int % 200 = 7"));
        server.database().jdbi().useHandle(h -> h.execute("ANALYZE players"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTwoLetterPrefixLateInTheAlphabetReadsAboutOnePageNotTheNamesBeforeIt() throws Exception {
        JsonNode plan = explainPrefix("ho%");
        assertThat(removedByFilter(plan)).as(plan.toPrettyString()).isLessThan(PLAYERS / 100);
        assertThat(actualRows(plan)).isEqualTo(51);
    }

    @Test
    void aPrefixThatMatchesNothingReadsNothing() throws Exception {
        JsonNode plan = explainPrefix("zz%");
        assertThat(removedByFilter(plan)).as(plan.toPrettyString()).isLessThan(PLAYERS / 100);
        assertThat(actualRows(plan)).isZero();
    }

    @Test
    void aSubstringOfTheIdFindsItsPlayers() throws Exception {
        // Inside the id: what starts with "plan-1999" is the first part's (decision 0215).
        JsonNode plan = explainSubstring("%lan-1999%", null);
        assertThat(actualRows(plan)).isEqualTo(11); // plan-1999 and plan-19990..19999
        assertThat(removedByFilter(plan)).as(plan.toPrettyString()).isLessThan(PLAYERS / 100);
        assertThat(rowsRead(plan)).as(plan.toPrettyString()).isLessThan(PLAYERS / 100);
    }

    /**
     * A common substring (1 player in 8) whose names sit together at the end of username order: in
     * that order the walk removed every name before them, or the trigram bitmap fetched and sorted
     * all 2,500 matches. In id order (0165) the matches are spread out, so a page is a few hundred rows.
     */
    @Test
    void aCommonSubstringReadsAboutAPageOfRowsNotEveryMatchOrEveryNameBeforeIt() throws Exception {
        JsonNode plan = explainSubstring("%otel%", null);
        assertThat(actualRows(plan)).isEqualTo(51);
        assertThat(rowsRead(plan)).as(plan.toPrettyString()).isLessThan(51 * 8 * 3);
    }

    @Test
    void theNextPageOfACommonSubstringStartsAtTheCursor() throws Exception {
        JsonNode plan = explainSubstring("%otel%", "plan-5");
        assertThat(actualRows(plan)).isEqualTo(51);
        assertThat(rowsRead(plan)).as(plan.toPrettyString()).isLessThan(51 * 8 * 3);
    }

    /**
     * A short id that starts many ids ("plan-19" starts plan-19, plan-190.., plan-1900.., plan-19000..:
     * 1,111 of 20,000) is listed from the start of the ids (decision 0215): its first page reads
     * about a page of the username index or its own matches, not the ids before it in id order
     * (about 9,000 rows, where a substring search in id order walked past them: 522,000 rows at 1M
     * for "bench-57").
     */
    @Test
    void aShortIdThatStartsManyIdsReadsAboutAPage() throws Exception {
        JsonNode plan = explainPrefix("plan-19%");
        assertThat(actualRows(plan)).isEqualTo(51);
        assertThat(rowsRead(plan)).as(plan.toPrettyString()).isLessThan(PLAYERS / 10);
    }

    /**
     * The next page of a text that starts every id and no username ("p"): its cursor is a name long
     * before "p" (the last row came from the id branch), and the username branch's walk must start at
     * "p", not at the cursor: the btree does not see that the row comparison is the looser bound.
     */
    @Test
    void theNextPageOfAPrefixStartsTheUsernameBranchAtTheTextNotAtTheCursor() throws Exception {
        java.util.List<java.util.Map<String, Object>> first = server.database().jdbi().withHandle(h -> h
                .createQuery(PgPlayerStore.searchSql(true, false)).bind("pattern", "p%").bind("start", "p")
                .bind("afterKey", (String) null).bind("afterId", (String) null).bind("kyc", (String) null)
                .bind("status", (String) null).bind("limit", 51).mapToMap().list());
        var last = first.get(49);
        assertThat(last.get("sort_key").toString()).isLessThan("p");
        JsonNode plan = explain(PgPlayerStore.searchSql(true, false), "p%", null, q -> q.bind("start", "p")
                .bind("afterKey", last.get("sort_key").toString()).bind("afterId", last.get("id").toString()));
        assertThat(actualRows(plan)).isEqualTo(51);
        assertThat(indexPages(plan, "players_search_order_ix")).as(plan.toPrettyString()).isLessThan(30);
    }

    /** A rare kyc= value is a range of its own rows in either order (V32), not a walk past every other player. */
    @Test
    void aRareKycValueWithACommonSubstringOrWithoutTextReadsAboutAPage() throws Exception {
        JsonNode substring = explain(PgPlayerStore.searchSql(true, true), "%otel%", "PENDING", q -> q.bind("afterId", (String) null));
        assertThat(actualRows(substring)).isEqualTo(51);
        assertThat(rowsRead(substring)).as(substring.toPrettyString()).isLessThan(PLAYERS / 100);
        JsonNode list = explain(PgPlayerStore.searchSql(false, false), null, "PENDING",
                q -> q.bind("afterKey", (String) null).bind("afterId", (String) null));
        assertThat(actualRows(list)).isEqualTo(51);
        assertThat(rowsRead(list)).as(list.toPrettyString()).isLessThan(PLAYERS / 100);
    }

    @Test
    void aRareUsernameFragmentReadsOnlyItsMatches() throws Exception {
        JsonNode plan = explainSubstring("%\\_1999%", null); // a literal "_": *_1999 and *_19990..19999
        assertThat(actualRows(plan)).isEqualTo(11);
        assertThat(rowsRead(plan)).as(plan.toPrettyString()).isLessThan(PLAYERS / 100);
    }

    /**
     * Every id shares "plan": asked for the whole text, the id trigram index checks the trigrams of
     * "plan" for each candidate row of the rarest trigram and reads their long posting lists. Asked
     * for the text's rarest word (decision 0180), it reads a few pages, and the whole text is checked
     * on the rows it finds.
     */
    @Test
    void anExactIdAsksTheIdIndexForItsRareWordAndReadsFewIndexPages() throws Exception {
        java.util.Map<String, String> anchors = server.database().jdbi()
                .withHandle(h -> PgPlayerStore.anchors(h, teller.server.players.PlayerSearch.words("plan-12345")));
        assertThat(anchors).containsEntry(PgPlayerStore.ID_STATS, "12345");
        // The second part (decision 0215) of an id's text: "lan-12345" holds the id's trigrams but starts no id.
        JsonNode whole = explain(PgPlayerStore.searchSql(true, true), "%lan-12345%", null, q -> q.bind("afterId", (String) null));
        JsonNode anchored = explain(PgPlayerStore.searchSql(true, true, false, true), "%lan-12345%", null,
                q -> q.bind("afterId", (String) null).bind("idAnchor", "%12345%").bind("text", "lan-12345"));
        assertThat(actualRows(whole)).isEqualTo(1);
        assertThat(actualRows(anchored)).isEqualTo(1);
        long wholePages = indexPages(whole, "players_id_trgm_ix");
        long anchoredPages = indexPages(anchored, "players_id_trgm_ix");
        assertThat(anchoredPages).as(anchored.toPrettyString()).isPositive().isLessThan(wholePages / 2);
        assertThat(rowsRead(anchored)).as(anchored.toPrettyString()).isLessThan(PLAYERS / 100);
    }

    /**
     * A rare word (in none of the sampled values) is asked for only beside a common one, the longer
     * on a tie; when every word is rare, the whole text is.
     */
    @Test
    void theAnchorIsTheWordInTheFewestSampledValues() {
        assertThat(teller.server.players.PlayerSearch.words("bench-123457")).containsExactly("bench", "123457");
        assertThat(teller.server.players.PlayerSearch.words("a_b-cd.efg")).containsExactly("efg");
        assertThat(teller.server.players.PlayerSearch.words("hotel_19")).containsExactly("hotel");
        java.util.Map<String, String> anchors = server.database().jdbi()
                .withHandle(h -> PgPlayerStore.anchors(h, java.util.List.of("plan", "hotel")));
        assertThat(anchors).containsEntry(PgPlayerStore.ID_STATS, "hotel"); // every id holds "plan", none "hotel"
        assertThat(anchors).containsEntry(PgPlayerStore.NAME_STATS, "plan"); // one username in eight holds "hotel"
        java.util.Map<String, String> tie = server.database().jdbi()
                .withHandle(h -> PgPlayerStore.anchors(h, java.util.List.of("zulu", "plan", "yankee", "xray")));
        assertThat(tie).containsEntry(PgPlayerStore.ID_STATS, "yankee").doesNotContainKey(PgPlayerStore.NAME_STATS);
    }

    /**
     * Asked for a word or for the whole text, the store finds the players that hold the text, those
     * that start with it first in username order, then the rest in id order (decision 0215).
     */
    @Test
    void aSearchAskedForItsRarestWordFindsWhatTheWholeTextFinds() {
        JdbiTransactor tx = new JdbiTransactor(server.database().jdbi());
        var store = new PgPlayerStore(tx);
        for (String text : java.util.List.of("plan-12345", "plan-1999", "hotel_1999", "PLAN-777", "l_199", "lan-1999", "otel_19")) {
            java.util.List<String> viaStore = tx.inTransaction(() -> store.search(
                            new teller.server.players.PlayerSearch(text, null, null), null, 50))
                    .items().stream().map(p -> p.player().id()).toList();
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            java.util.List<String> expected = server.database().jdbi().withHandle(h -> h.createQuery("""
                            SELECT id FROM players WHERE strpos(lower(id), :t) > 0 OR strpos(lower(username), :t) > 0
                             ORDER BY NOT (starts_with(lower(id), :t) OR starts_with(lower(username), :t)),
                                      CASE WHEN starts_with(lower(id), :t) OR starts_with(lower(username), :t)
                                           THEN lower(username) END COLLATE "C", id
                             LIMIT 50""").bind("t", lower).mapTo(String.class).list());
            assertThat(viaStore).as(text).isNotEmpty().containsExactlyElementsOf(expected);
        }
    }

    /** A prefix search's plan (username order), first page. */
    private static JsonNode explainPrefix(String pattern) throws Exception {
        return explain(PgPlayerStore.searchSql(true, false), pattern, null,
                q -> q.bind("afterKey", (String) null).bind("afterId", (String) null).bind("start", (String) null));
    }

    /** A substring search's plan (id order: the cursor is the last id; null for the first page). */
    private static JsonNode explainSubstring(String pattern, String afterId) throws Exception {
        return explain(PgPlayerStore.searchSql(true, true), pattern, null, q -> q.bind("afterId", afterId));
    }

    /** Index pages (shared buffers hit or read) of the scans of {@code index} in a plan. */
    private static long indexPages(JsonNode node, String index) {
        long pages = 0;
        if (index.equals(node.path("Index Name").asText())) {
            pages += node.path("Shared Hit Blocks").asLong(0) + node.path("Shared Read Blocks").asLong(0);
        }
        for (JsonNode child : node.path("Plans")) {
            pages += indexPages(child, index);
        }
        return pages;
    }

    private static JsonNode explain(String sql, String pattern, String kyc, java.util.function.Consumer<Query> cursor)
            throws Exception {
        String json = server.database().jdbi().withHandle(h -> {
            Query query = h.createQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
                    .bind("kyc", kyc).bind("status", (String) null).bind("limit", 51);
            if (pattern != null) {
                // a prefix's pattern, or a substring's for both branches (each may be rebound to a word),
                // and the text the substring part takes out where it starts an id or a username (0215)
                query.bind("pattern", pattern).bind("nameAnchor", pattern).bind("idAnchor", pattern)
                        .bind("text", pattern.replaceAll("^%|%$", "").replace("\\_", "_"));
            }
            cursor.accept(query);
            return query.mapTo(String.class).one();
        });
        return JSON.readTree(json).get(0).get("Plan");
    }

    /**
     * Rows the plan's scans looked at: what each scan returned plus what its filter or recheck
     * removed (a bitmap index scan's rows are the heap rows it points at; the scans under a
     * BitmapAnd point at the heap only through their intersection).
     */
    private static long rowsRead(JsonNode node) {
        long read = 0;
        boolean intersected = "BitmapAnd".equals(node.path("Node Type").asText());
        if (node.path("Node Type").asText().endsWith("Scan")) {
            read += node.path("Actual Rows").asLong(0) * Math.max(1, node.path("Actual Loops").asLong(1))
                    + node.path("Rows Removed by Filter").asLong(0) + node.path("Rows Removed by Index Recheck").asLong(0);
        }
        for (JsonNode child : node.path("Plans")) {
            // Under a BitmapAnd, an index scan's entries are intersected before any heap row is read:
            // the heap rows the intersection points at are counted at the bitmap heap scan above.
            read += intersected ? 0 : rowsRead(child);
        }
        return read;
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
