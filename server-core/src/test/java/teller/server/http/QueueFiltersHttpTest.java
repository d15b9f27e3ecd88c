package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * The queue's filters and sorts on {@code GET /api/v1/orders} over real HTTP (issue #12): each sort
 * pages through ties without repeating or skipping an order, each filter keeps what it names, and a
 * bad value is refused naming its parameter.
 */
class QueueFiltersHttpTest {
    static ServerCore server;
    static ApiClient admin;
    static ApiClient maria;
    static ApiClient juan;
    static Jdbi jdbi;
    /** The SEK orders this class made: id, amount, created_at, player. */
    static final List<Made> MADE = new ArrayList<>();
    static final Instant BASE = Instant.parse("2026-01-10T08:00:00Z");

    record Made(long id, long amount, Instant createdAt, String player, int risk) {
    }

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        maria = admin.newOperator("maria", "APPROVER");
        juan = admin.newOperator("juan", "APPROVER");
        jdbi = server.database().jdbi();
        String[] players = {"qf-low", "qf-mid", "qf-high"};
        int[] risks = {0, 30, 60};
        for (String p : players) {
            assertThat(admin.post("/api/v1/players", Map.of("id", p, "username", p, "currency", "SEK")).status()).isEqualTo(201);
        }
        for (int i = 0; i < players.length; i++) {
            if (risks[i] > 0) {
                String p = players[i];
                int points = risks[i];
                jdbi.useHandle(h -> h.createUpdate("INSERT INTO fraud_flags (player_id, rule, dedupe_key, evidence, points) "
                        + "VALUES (:p, 'VELOCITY', :k, '{}'::jsonb, :points)").bind("p", p).bind("k", "test:" + p)
                        .bind("points", points).execute());
            }
        }
        // Ties on purpose: equal amounts, equal creation times, equal players' risk.
        long[] amounts = {500, 900, 500, 1200, 900, 500, 300, 1200, 700, 500, 900};
        int[] minutes = {0, 0, 5, 5, 5, 10, 15, 15, 20, 25, 25};
        for (int i = 0; i < amounts.length; i++) {
            int player = i % 3;
            String type = i % 4 == 3 ? "GAME_LOAD" : "DEPOSIT";
            Map<String, Object> body = new HashMap<>(Map.of("type", type, "playerId", players[player], "amount", amounts[i],
                    "currency", "SEK", "source", Map.of("channel", "PORTAL")));
            if (type.equals("GAME_LOAD")) {
                body.put("gameName", "pusoy");
            }
            Reply created = admin.post("/api/v1/orders", body);
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            long id = Long.parseLong(created.at("/id"));
            Instant at = BASE.plusSeconds(60L * minutes[i]);
            jdbi.useHandle(h -> h.createUpdate("UPDATE orders SET created_at = :at WHERE id = :id")
                    .bind("at", java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC)).bind("id", id).execute());
            MADE.add(new Made(id, amounts[i], at, players[player], risks[player]));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Every id of a listing, following the cursor page by page. */
    private static List<Long> allPages(ApiClient client, String query, int limit) {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 100; pages++) {
            Reply page = client.get("/api/v1/orders?" + query + "&limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            for (JsonNode item : page.body().get("items")) {
                ids.add(item.get("id").asLong());
            }
            JsonNode next = page.body().get("nextCursor");
            if (next == null || next.isNull()) {
                return ids;
            }
            cursor = next.asText();
        }
        throw new AssertionError("paging did not end");
    }

    private static List<Long> expected(Comparator<Made> order) {
        return MADE.stream().sorted(order.thenComparingLong(Made::id)).map(Made::id).toList();
    }

    @Test
    void eachSortPagesThroughTiesWithoutRepeatingOrSkipping() {
        for (int limit : new int[] {1, 2, 3, 50}) {
            assertThat(allPages(maria, "status=PENDING_REVIEW&currency=SEK&sort=age", limit)).as("age, limit " + limit)
                    .isEqualTo(expected(Comparator.comparing(Made::createdAt)));
            assertThat(allPages(maria, "status=PENDING_REVIEW&currency=SEK&sort=amount", limit)).as("amount, limit " + limit)
                    .isEqualTo(expected(Comparator.comparingLong(Made::amount).reversed()));
            assertThat(allPages(maria, "status=PENDING_REVIEW&currency=SEK&sort=risk", limit)).as("risk, limit " + limit)
                    .isEqualTo(expected(Comparator.comparingInt(Made::risk).reversed()));
            assertThat(allPages(maria, "status=PENDING_REVIEW&currency=SEK", limit)).as("default, limit " + limit)
                    .isEqualTo(expected(Comparator.comparingLong(m -> 0L)));
        }
    }

    @Test
    void filtersKeepWhatTheyName() {
        assertThat(allPages(maria, "currency=SEK&amountMin=700&amountMax=900&sort=amount", 50)).isEqualTo(
                MADE.stream().filter(m -> m.amount() >= 700 && m.amount() <= 900)
                        .sorted(Comparator.comparingLong(Made::amount).reversed().thenComparingLong(Made::id))
                        .map(Made::id).toList());
        assertThat(allPages(maria, "currency=sek&playerId=qf-mid", 50)).hasSize(
                (int) MADE.stream().filter(m -> m.player().equals("qf-mid")).count());
        assertThat(allPages(maria, "currency=SEK&type=GAME_LOAD", 50)).hasSize(2);
        assertThat(allPages(maria, "currency=USD", 50)).isEmpty();
        assertThat(allPages(maria, "currency=SEK&createdBefore=2026-01-10T08:10:00Z&sort=age", 50))
                .isEqualTo(MADE.stream().filter(m -> m.createdAt().isBefore(BASE.plusSeconds(600))).map(Made::id).toList());
        assertThat(allPages(maria, "currency=SEK&olderThanMinutes=60", 50)).as("all were created long ago")
                .hasSize(MADE.size());
        assertThat(allPages(maria, "currency=SEK&olderThanMinutes=99999999", 50)).isEmpty();
    }

    @Test
    void claimedMeAndUnclaimedFollowLiveClaims() {
        long mine = MADE.get(6).id();
        long juans = MADE.get(7).id();
        assertThat(maria.post("/api/v1/orders/" + mine + "/claim", Map.of()).status()).isEqualTo(200);
        assertThat(juan.post("/api/v1/orders/" + juans + "/claim", Map.of()).status()).isEqualTo(200);
        try {
            assertThat(allPages(maria, "currency=SEK&claimed=me", 50)).containsExactly(mine);
            assertThat(allPages(juan, "currency=SEK&claimed=me", 50)).containsExactly(juans);
            assertThat(allPages(maria, "currency=SEK&claimed=unclaimed", 50)).hasSize(MADE.size() - 2)
                    .doesNotContain(mine, juans);
            Reply listed = maria.get("/api/v1/orders?currency=SEK&claimed=me");
            assertThat(listed.at("/items/0/claimedBy/username")).isEqualTo("maria");
        } finally {
            maria.send("DELETE", "/api/v1/orders/" + mine + "/claim", null, Map.of());
            juan.send("DELETE", "/api/v1/orders/" + juans + "/claim", null, Map.of());
        }
        assertThat(allPages(maria, "currency=SEK&claimed=me", 50)).isEmpty();
    }

    @Test
    void flaggedKeepsOrdersWithAnOpenFlagOfTheirOwn() {
        long flagged = MADE.get(2).id();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO fraud_flags (player_id, order_id, rule, dedupe_key, evidence, points) "
                + "VALUES (:p, :o, 'AMOUNT_ANOMALY', :k, '{}'::jsonb, 1)").bind("p", MADE.get(2).player()).bind("o", flagged)
                .bind("k", "test:order:" + flagged).execute());
        // The flag raises its player's score by one point, which keeps the players' risk order.
        assertThat(allPages(maria, "currency=SEK&flagged=true", 50)).containsExactly(flagged);
        assertThat(allPages(maria, "currency=SEK&flagged=false", 50)).hasSize(MADE.size() - 1);
    }

    @Test
    void badValuesAreRefusedNamingTheirParameter() {
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("amountMin=ten", new String[] {"400", "amountMin"});
        cases.put("amountMax=-5", new String[] {"400", "amountMax"});
        cases.put("amountMin=900&amountMax=100", new String[] {"422", "amountMax"});
        cases.put("sort=size", new String[] {"400", "sort"});
        cases.put("claimed=them", new String[] {"400", "claimed"});
        cases.put("currency=dollars", new String[] {"400", "currency"});
        cases.put("olderThanMinutes=-1", new String[] {"400", "olderThanMinutes"});
        cases.put("olderThanMinutes=x", new String[] {"400", "olderThanMinutes"});
        cases.put("createdBefore=yesterday", new String[] {"400", "createdBefore"});
        cases.put("olderThanMinutes=5&createdBefore=2026-01-01T00:00:00Z", new String[] {"400", "createdBefore"});
        cases.put("type=GIFT", new String[] {"400", "type"});
        cases.put("flagged=maybe", new String[] {"400", "flagged"});
        cases.put("sort=age&cursor=bm9wZQ", new String[] {"400", "cursor"});
        cases.forEach((query, expect) -> {
            Reply refused = maria.get("/api/v1/orders?" + query);
            assertThat(refused.status()).as(query + ": " + refused.text()).isEqualTo(Integer.parseInt(expect[0]));
            assertThat(refused.at("/error/details/field")).as(query).isEqualTo(expect[1]);
        });
        Reply amountPage = maria.get("/api/v1/orders?currency=SEK&sort=amount&limit=1");
        String amountCursor = amountPage.at("/nextCursor");
        Reply crossed = maria.get("/api/v1/orders?currency=SEK&sort=age&cursor=" + amountCursor);
        assertThat(crossed.status()).as("a cursor of another sort").isEqualTo(400);
        assertThat(crossed.at("/error/details/field")).isEqualTo("cursor");
    }
}
