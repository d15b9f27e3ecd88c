package teller.server.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderSettings;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.ExecutionFixture;

/**
 * Order history (GET /orders with any status, type, player, date range and id, cursor-paged) and an
 * order's case (GET /orders/{id}/case) read in one REPEATABLE READ snapshot, over real HTTP.
 */
class OrderHistoryHttpTest {
    static ExecutionFixture f;
    static String player;
    static long deposit;
    static long load;
    static long rejected;
    static Instant startedAt;

    @BeforeAll
    static void start() {
        f = ExecutionFixture.start(b -> b.providers(ProviderSettings.defaults(ProviderKind.GAME_LOAD, null, null),
                ProviderSettings.defaults(ProviderKind.PAYOUT, null, null)).sandboxProviders(true));
        startedAt = Instant.now().minus(1, ChronoUnit.MINUTES);
        player = f.fundedPlayer(10_000);
        deposit = f.order("DEPOSIT", player, 1_500);
        assertThat(f.approve(deposit).status()).isEqualTo(200);
        load = f.order("GAME_LOAD", player, 3_000);
        Reply approved = f.approve(load);
        assertThat(approved.at("/status")).as(approved.text()).isEqualTo("APPROVED_EXECUTED");
        rejected = f.order("WITHDRAWAL", player, 700);
        assertThat(f.reject(rejected, "no proof").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static List<String> ids(Reply reply) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.body().path("items").forEach(o -> ids.add(o.path("id").asText()));
        return ids;
    }

    @Test
    void historyFiltersByAnyStatusTypePlayerAndId() {
        String mine = "playerId=" + player;
        assertThat(ids(f.admin.get("/api/v1/orders?" + mine + "&status=REJECTED"))).containsExactly(String.valueOf(rejected));
        assertThat(ids(f.admin.get("/api/v1/orders?" + mine + "&type=GAME_LOAD"))).containsExactly(String.valueOf(load));
        assertThat(ids(f.admin.get("/api/v1/orders?" + mine + "&status=APPROVED_EXECUTED&type=DEPOSIT")))
                .contains(String.valueOf(deposit)).doesNotContain(String.valueOf(load), String.valueOf(rejected));
        assertThat(ids(f.admin.get("/api/v1/orders?id=" + load))).containsExactly(String.valueOf(load));
        assertThat(ids(f.admin.get("/api/v1/orders?id=" + load + "&status=REJECTED"))).isEmpty();
    }

    @Test
    void historyFiltersByCreationTimeWithToExclusive() {
        String range = "&from=" + startedAt + "&to=" + Instant.now().plus(1, ChronoUnit.MINUTES);
        assertThat(ids(f.admin.get("/api/v1/orders?playerId=" + player + range)))
                .contains(String.valueOf(deposit), String.valueOf(load), String.valueOf(rejected));
        String future = "&from=" + Instant.now().plus(1, ChronoUnit.HOURS);
        assertThat(ids(f.admin.get("/api/v1/orders?playerId=" + player + future))).isEmpty();
        String past = "&to=" + startedAt;
        assertThat(ids(f.admin.get("/api/v1/orders?playerId=" + player + past))).isEmpty();
    }

    @Test
    void historyPagesNewestFirstAcrossStatusesByCursor() {
        List<String> all = ids(f.admin.get("/api/v1/orders?playerId=" + player + "&limit=500"));
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = f.admin.get("/api/v1/orders?playerId=" + player + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            paged.addAll(ids(page));
            JsonNode next = page.body().path("nextCursor");
            cursor = next.isNull() ? null : next.asText();
        } while (cursor != null);
        assertThat(paged).containsExactlyElementsOf(all);
        assertThat(all.size()).isGreaterThanOrEqualTo(4);
        List<Long> numbers = all.stream().map(Long::parseLong).toList();
        assertThat(numbers).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void badFiltersAreRefusedWithTheFieldNamed() {
        Reply inverted = f.admin.get("/api/v1/orders?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        assertThat(inverted.status()).isEqualTo(400);
        assertThat(inverted.at("/error/details/field")).isEqualTo("to");
        Reply badId = f.admin.get("/api/v1/orders?id=abc");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.at("/error/details/field")).isEqualTo("id");
        Reply badTime = f.admin.get("/api/v1/orders?from=yesterday");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.at("/error/details/field")).isEqualTo("from");
    }

    @Test
    void theCaseOfAnExecutedThenVoidedGameLoadCarriesEverything() {
        Reply voided = f.voidOrder(load, "entered twice");
        assertThat(voided.status()).as(voided.text()).isEqualTo(200);

        Reply reply = f.admin.get("/api/v1/orders/" + load + "/case");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        JsonNode c = reply.body();
        assertThat(c.at("/order/id").asText()).isEqualTo(String.valueOf(load));
        assertThat(c.at("/order/status").asText()).isEqualTo("VOIDED");
        List<String> transitions = new ArrayList<>();
        c.path("history").forEach(h -> transitions.add(h.path("fromStatus").asText() + ">" + h.path("toStatus").asText()));
        assertThat(transitions).containsSubsequence("PENDING_REVIEW>EXECUTING", "EXECUTING>APPROVED_EXECUTED",
                "APPROVED_EXECUTED>VOIDED");
        assertThat(c.path("attempts")).hasSize(1);
        assertThat(c.at("/attempts/0/number").asInt()).isEqualTo(1);
        assertThat(c.at("/attempts/0/outcome").asText()).isEqualTo("APPROVED_EXECUTED");
        assertThat(c.at("/approvals/given").asInt()).isEqualTo(1);

        // Every ledger transaction of the order, each with its balanced entries; the void reverses the posting.
        assertThat(c.path("transactions").size()).isGreaterThanOrEqualTo(2);
        String posting = c.at("/order/postingTransactionId").asText();
        String reversal = c.at("/order/reversalTransactionId").asText();
        boolean reversesPosting = false;
        for (JsonNode t : c.path("transactions")) {
            long sum = 0;
            for (JsonNode e : t.path("entries")) {
                sum += e.path("amount").asLong();
            }
            assertThat(sum).as("transaction " + t.path("id")).isZero();
            assertThat(t.path("entries").size()).isGreaterThanOrEqualTo(2);
            if (t.path("id").asText().equals(reversal)) {
                reversesPosting = t.path("reversesId").asText().equals(posting);
            }
        }
        assertThat(reversesPosting).as(c.path("transactions").toString()).isTrue();

        List<String> actions = new ArrayList<>();
        c.path("audit").forEach(a -> {
            assertThat(a.path("resourceType").asText()).isEqualTo("ORDER");
            assertThat(a.path("resourceId").asText()).isEqualTo(String.valueOf(load));
            actions.add(a.path("action").asText());
        });
        assertThat(actions).isNotEmpty();
        assertThat(String.join(",", actions)).contains("VOID");
        assertThat(c.path("auditTruncated").asBoolean()).isFalse();
    }

    @Test
    void theCaseIsForThoseWhoInspectAndNamesAMissingOrder() {
        assertThat(f.admin.get("/api/v1/orders/999999999/case").status()).isEqualTo(404);
        ApiClient viewer = f.admin.newOperator("case-viewer", "VIEWER");
        assertThat(viewer.get("/api/v1/orders/" + deposit + "/case").status()).isEqualTo(403);
        ApiClient supervisor = f.admin.newOperator("case-supervisor", "SUPERVISOR");
        assertThat(supervisor.get("/api/v1/orders/" + deposit + "/case").status()).isEqualTo(200);
    }

    @Test
    void aSnapshotSeesOneMomentWhileOthersCommit() throws Exception {
        var tx = f.server.services().tx();
        var jdbi = f.server.database().jdbi();
        long[] seen = tx.snapshot(() -> {
            var h = tx.handle();
            long before = h.createQuery("SELECT count(*) FROM orders").mapTo(Long.class).one();
            String isolation = h.createQuery("SHOW transaction_isolation").mapTo(String.class).one();
            String readOnly = h.createQuery("SHOW transaction_read_only").mapTo(String.class).one();
            assertThat(isolation).isEqualTo("repeatable read");
            assertThat(readOnly).isEqualTo("on");
            // Another connection commits a new order while the snapshot is open.
            CompletableFuture.runAsync(() -> f.order("DEPOSIT", player, 100)).join();
            // Read on another thread: Jdbi would hand this thread's open handle back.
            long committedElsewhere = CompletableFuture.supplyAsync(() -> jdbi.withHandle(
                    o -> o.createQuery("SELECT count(*) FROM orders").mapTo(Long.class).one())).join();
            long after = h.createQuery("SELECT count(*) FROM orders").mapTo(Long.class).one();
            return new long[] {before, after, committedElsewhere};
        });
        assertThat(seen[2]).isEqualTo(seen[0] + 1);
        assertThat(seen[1]).isEqualTo(seen[0]);
    }
}
