package teller.server.players;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/** GET /api/v1/players over real HTTP: what matches, in which order, and paging by cursor. */
class PlayerSearchHttpTest {
    static ServerCore server;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        register("ps-001", "MariaSantos");
        register("ps-002", "maria_cruz");
        register("ps-003", "Jose.Rizal");
        register("ps-004", "ANNA-MARIA");
        register("zz-santos", "Pedro");
        register("ps-006", "pedrito");
        for (int i = 0; i < 23; i++) {
            register("pg-" + i, "pager" + String.format("%02d", i));
        }
        // Ids that share "acct" and a number that also sits in another id and in a username: a text
        // of several words asks the trigram indexes for its rarest word and checks the whole text (0180).
        register("acct-77123", "Quill");
        register("user-77123", "Rook");
        register("acct-10", "Tern_77123");
        register("acct-77123x", "Wren");
        register("x-acct-77123", "Finch");
        register("fan-1", "Acct-77123.fan");
        for (int i = 0; i < 6; i++) {
            register("acct-" + (200 + i), "Gull" + i);
        }
        // The shapes of decision 0215: a short id that starts many ids, digits, %, \ and unicode.
        register("bench-57", "Oak");
        register("bench-571", "Elm");
        register("bench-5", "Ash");
        register("bench-58", "Fir");
        register("old-bench-57", "Yew");
        register("bench-1570", "Pine");
        register("u-57", "57th_Street");
        register("u-zoe", "Zoë_Łukasz");
        register("u-pct", "100%_Sure");
        register("u-bs", "Back\\Slash");
        assertThat(admin.post("/api/v1/players/ps-003/kyc", Map.of("status", "VERIFIED")).status()).isEqualTo(200);
        // Statistics, as a live database has them: the rarest word is chosen from them.
        server.database().jdbi().useHandle(h -> h.execute("ANALYZE players"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void register(String id, String username) {
        Reply reply = admin.post("/api/v1/players", Map.of("id", id, "username", username, "currency", "USD"));
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    }

    private static Reply search(String query) {
        return admin.get("/api/v1/players?" + query);
    }

    private static List<String> usernames(Reply reply) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        reply.body().path("items").forEach(p -> names.add(p.path("username").asText()));
        return names;
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void aShortPrefixMatchesUsernamesCaseInsensitivelyInUsernameOrder() {
        assertThat(usernames(search("search=MA"))).containsExactly("maria_cruz", "MariaSantos");
        assertThat(usernames(search("search=pE"))).containsExactly("pedrito", "Pedro");
    }

    @Test
    void aSubstringOfThreeCharactersOrMoreListsWhatStartsWithItThenWhatHoldsItElsewhereInIdOrder() {
        // maria_cruz and MariaSantos start with it (username order), ANNA-MARIA holds it (decision 0215).
        assertThat(usernames(search("search=" + q("maria")))).containsExactly("maria_cruz", "MariaSantos", "ANNA-MARIA");
        assertThat(usernames(search("search=pedr"))).containsExactly("pedrito", "Pedro"); // ps-006, zz-santos
        // "santos" is in one username and in another player's id.
        assertThat(usernames(search("search=SANTOS"))).containsExactly("MariaSantos", "Pedro");
        assertThat(usernames(search("search=" + q("e.riz")))).containsExactly("Jose.Rizal");
    }

    @Test
    void aTextOfSeveralWordsMatchesTheWholeTextNotOnlyItsRarestWord() {
        // "77123" is rarer than "acct"; user-77123 and Tern_77123 hold it, but not "acct-77123". Three
        // start with the text (username order), x-acct-77123 holds it further on.
        assertThat(usernames(search("search=ACCT-77123"))).containsExactly("Acct-77123.fan", "Quill", "Wren", "Finch");
        assertThat(usernames(search("search=" + q("tern_77123")))).containsExactly("Tern_77123");
        assertThat(usernames(search("search=" + q("n_771")))).containsExactly("Tern_77123");
        assertThat(usernames(search("search=" + q("acct-2")))).containsExactly("Gull0", "Gull1", "Gull2", "Gull3", "Gull4", "Gull5");
        assertThat(usernames(search("search=77123")))
                .containsExactly("Tern_77123", "Quill", "Wren", "Acct-77123.fan", "Rook", "Finch");
        assertThat(usernames(search("search=" + q("acct-7712 3")))).isEmpty();
    }

    @Test
    void anExactIdAndAnIdPrefixPageByCursor() {
        assertThat(usernames(search("search=" + q("x-acct-77123")))).containsExactly("Finch");
        // Matches of the id branch and of the username branch (fan-1's name) that start with the text,
        // then the one that holds it further on, across pages: a page that the first part fills
        // exactly (limit 3) sends the second part to the next page.
        assertThat(pages("search=" + q("acct-77123"), 1))
                .containsExactly(List.of("Acct-77123.fan"), List.of("Quill"), List.of("Wren"), List.of("Finch"));
        assertThat(pages("search=" + q("acct-77123"), 2))
                .containsExactly(List.of("Acct-77123.fan", "Quill"), List.of("Wren", "Finch"));
        assertThat(pages("search=" + q("acct-77123"), 3))
                .containsExactly(List.of("Acct-77123.fan", "Quill", "Wren"), List.of("Finch"));
        // An id prefix (one word: the whole text is asked for) across pages.
        assertThat(pages("search=" + q("acct-"), 4)).containsExactly(List.of("Acct-77123.fan", "Gull0", "Gull1", "Gull2"),
                List.of("Gull3", "Gull4", "Gull5", "Quill"), List.of("Tern_77123", "Wren", "Finch"));
    }

    /** Every page of a search, {@code limit} at a time, following the cursor. */
    private static List<List<String>> pages(String query, int limit) {
        List<List<String>> pages = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = search(query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            pages.add(usernames(page));
            JsonNode next = page.body().path("nextCursor");
            cursor = next.isNull() ? null : next.asText();
        } while (cursor != null && pages.size() < 20);
        return pages;
    }

    /**
     * Every shape of decision 0215 answers what it should, in its order, and pages across a page
     * boundary: the short id an operator types ("bench-57" starts the ids bench-57 and bench-571, and
     * sits inside old-bench-57), a longer and a shorter id prefix, mixed case, a substring that
     * starts nothing, digits, one character, nothing, literal %, \ and unicode.
     */
    @Test
    void everyShapeOfSearchAnswersInItsOrderAndPagesAcrossPages() {
        assertThat(usernames(search("search=" + q("bench-57")))).containsExactly("Elm", "Oak", "Yew");
        assertThat(pages("search=" + q("bench-57"), 1)).containsExactly(List.of("Elm"), List.of("Oak"), List.of("Yew"));
        assertThat(pages("search=" + q("BeNcH-57"), 2)).containsExactly(List.of("Elm", "Oak"), List.of("Yew"));
        assertThat(pages("search=" + q("bench-5"), 2))
                .containsExactly(List.of("Ash", "Elm"), List.of("Fir", "Oak"), List.of("Yew"));
        assertThat(pages("search=" + q("nch-57"), 2)).containsExactly(List.of("Oak", "Elm"), List.of("Yew")); // id order
        assertThat(usernames(search("search=570"))).containsExactly("Pine");
        assertThat(usernames(search("search=57"))).containsExactly("57th_Street"); // two characters: the start only
        assertThat(pages("search=b", 4)).containsExactly(List.of("Ash", "Back\\Slash", "Elm", "Fir"), List.of("Oak", "Pine"));
        assertThat(usernames(search("search=&limit=3"))).containsExactly("100%_Sure", "57th_Street", "Acct-77123.fan");
        assertThat(usernames(search("search=" + q("0%_sure")))).containsExactly("100%_Sure");
        assertThat(usernames(search("search=" + q("100%")))).containsExactly("100%_Sure");
        assertThat(usernames(search("search=" + q("ck\\sla")))).containsExactly("Back\\Slash");
        assertThat(usernames(search("search=" + q("\\")))).isEmpty();
        assertThat(usernames(search("search=" + q("ŁUK")))).containsExactly("Zoë_Łukasz");
        assertThat(usernames(search("search=" + q("ZOË")))).containsExactly("Zoë_Łukasz");
    }

    @Test
    void shortTextMatchesOnlyAtTheStart() {
        // "ri" occurs inside "MariaSantos" and "pedrito", but two characters match only a prefix.
        assertThat(usernames(search("search=ri"))).isEmpty();
        // No three letters or digits in a row (decision 0215): only at the start, however long.
        assertThat(usernames(search("search=" + q("e.ri")))).isEmpty();
        assertThat(usernames(search("search=" + q("0%_")))).isEmpty();
        assertThat(usernames(search("search=" + q("k\\s")))).isEmpty();
        assertThat(usernames(search("search=" + q("jose.r")))).containsExactly("Jose.Rizal");
        assertThat(usernames(search("search=zz"))).containsExactly("Pedro");
    }

    @Test
    void likeWildcardsInTheSearchAreTakenLiterally() {
        assertThat(usernames(search("search=" + q("a_cru")))).containsExactly("maria_cruz");
        assertThat(usernames(search("search=" + q("ia_c")))).isEmpty(); // no word: only at the start
        assertThat(usernames(search("search=" + q("%")))).isEmpty();
    }

    @Test
    void anIdMatchesAndTheItemCarriesTheWallet() {
        Reply reply = search("search=ps-003");
        assertThat(usernames(reply)).containsExactly("Jose.Rizal");
        JsonNode item = reply.body().path("items").get(0);
        assertThat(item.path("id").asText()).isEqualTo("ps-003");
        assertThat(item.path("kycStatus").asText()).isEqualTo("VERIFIED");
        assertThat(item.path("balance").asLong()).isZero();
        assertThat(item.path("available").asLong()).isZero();
        assertThat(item.path("walletAccountId").asText()).isNotBlank();
    }

    @Test
    void kycAndStatusFilterTheMatches() {
        assertThat(usernames(search("kyc=verified"))).containsExactly("Jose.Rizal");
        assertThat(usernames(search("search=jose&kyc=NONE"))).isEmpty();
        assertThat(usernames(search("search=pager0&status=ACTIVE&limit=500"))).hasSize(10);
        assertThat(usernames(search("status=SUSPENDED"))).isEmpty();
    }

    @Test
    void pagesFollowTheCursorWithoutGapsOrRepeats() {
        // A text inside the names pages in id order: pg-0, pg-1, pg-10 .. pg-19, pg-2, pg-20 ..
        List<String> byId = java.util.stream.IntStream.range(0, 23).boxed()
                .sorted(java.util.Comparator.comparing(i -> "pg-" + i))
                .map(i -> "pager" + String.format("%02d", i)).toList();
        assertThat(allPages("search=ager")).containsExactlyElementsOf(byId);
        // A prefix, short or long, pages in username order.
        List<String> byName = java.util.stream.IntStream.range(0, 23)
                .mapToObj(i -> "pager" + String.format("%02d", i)).toList();
        assertThat(allPages("search=pa")).containsExactlyElementsOf(byName);
        assertThat(allPages("search=pager")).containsExactlyElementsOf(byName);
    }

    /** Every page of a search, five at a time, following the cursor; there must be five pages. */
    private static List<String> allPages(String query) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = search(query + "&limit=5" + (cursor == null ? "" : "&cursor=" + cursor));
            List<String> names = usernames(page);
            assertThat(names).hasSizeLessThanOrEqualTo(5);
            seen.addAll(names);
            JsonNode next = page.body().path("nextCursor");
            cursor = next.isNull() ? null : next.asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(5);
        return seen;
    }

    @Test
    void badInputIsRefusedWithTheFieldNamed() {
        Reply cursor = search("cursor=bm90LWEtY3Vyc29y");
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.text()).contains("cursor");
        Reply kyc = search("kyc=MAYBE");
        assertThat(kyc.status()).isEqualTo(400);
        assertThat(kyc.text()).contains("kyc");
        Reply longText = search("search=" + "x".repeat(PlayerSearch.TEXT_LENGTH_MAX + 1));
        assertThat(longText.status()).isEqualTo(400);
        assertThat(longText.text()).contains("search");
    }

    @Test
    void searchIsForSignedInCallersOnly() {
        assertThat(new ApiClient(server.baseUrl()).get("/api/v1/players?search=maria").status()).isEqualTo(401);
    }
}
