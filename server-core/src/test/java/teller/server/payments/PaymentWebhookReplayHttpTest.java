package teller.server.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import teller.server.support.ApiClient.Reply;

/**
 * Payment webhook replays over real HTTP: the same deliveries in any order and concurrently change
 * nothing after the first.
 */
class PaymentWebhookReplayHttpTest extends PaymentWebhookFixture {

    // ------------------------------------------------------------------ replays

    @Test
    void deliveriesReplayedFiveTimesInShuffledOrderEndAsOneDeliveryOfEach() {
        // Per charge, the statuses a provider reports over time (some of them out of order).
        Map<String, List<String>> story = new LinkedHashMap<>();
        story.put("a", List.of("pending", "succeeded"));
        story.put("b", List.of("pending", "failed"));
        story.put("c", List.of("failed", "succeeded"));
        story.put("d", List.of("succeeded", "refunded"));
        story.put("e", List.of("pending", "canceled"));
        Map<String, Long> amounts = Map.of("a", 1_000L, "b", 2_000L, "c", 3_000L, "d", 4_000L, "e", 5_000L);

        String once = newPlayer();
        String replayed = newPlayer();
        int n = SEQUENCE.incrementAndGet();
        for (var charge : story.entrySet()) {
            for (String status : charge.getValue()) {
                Reply r = deliver("stripe", SECRET, charge(once + "-" + charge.getKey(), once, amounts.get(charge.getKey()), status));
                assertThat(r.status()).as(r.text()).isIn(200);
            }
        }
        List<Map<String, Object>> deliveries = new ArrayList<>();
        for (var charge : story.entrySet()) {
            for (String status : charge.getValue()) {
                for (int i = 0; i < 5; i++) {
                    deliveries.add(charge(replayed + "-" + charge.getKey(), replayed, amounts.get(charge.getKey()), status));
                }
            }
        }
        Collections.shuffle(deliveries, new Random(20261123L + n));
        for (Map<String, Object> delivery : deliveries) {
            Reply r = deliver("stripe", SECRET, delivery);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        }

        assertThat(state(replayed)).isEqualTo(state(once));
        assertThat(balance(replayed)).isEqualTo(balance(once)).isEqualTo(1_000 + 3_000 + 4_000);
        assertThat(admin.get("/api/v1/ledger/verify").body().get("balanced").asBoolean()).isTrue();
    }

    @Test
    void concurrentReplaysOfTheSameChargesCreditEachOnce() throws Exception {
        String player = newPlayer();
        String prefix = "ch_race_" + SEQUENCE.incrementAndGet();
        List<Callable<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String charge = prefix + "-" + (i % 3);
            String status = i % 4 == 0 ? "pending" : "succeeded";
            calls.add(() -> deliver("stripe", SECRET, charge(charge, player, 1_500, status)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<String> orders = new HashSet<>();
        try {
            for (Future<Reply> f : pool.invokeAll(calls)) {
                Reply r = f.get();
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                if (!r.body().get("orderId").isNull()) {
                    orders.add(r.at("/orderId"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(orders).as("one order per charge").hasSize(3);
        assertThat(balance(player)).isEqualTo(3 * 1_500);
        var rows = server.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT d.charge_id, d.status, d.deliveries, count(t.id) AS postings
                  FROM payment_deliveries d LEFT JOIN ledger_transactions t ON t.order_id = d.order_id
                 WHERE d.player_id = :p GROUP BY d.id ORDER BY d.charge_id""").bind("p", player).mapToMap().list());
        assertThat(rows).hasSize(3);
        int total = 0;
        for (var row : rows) {
            assertThat(row.get("status")).isEqualTo("SUCCEEDED");
            assertThat(((Number) row.get("postings")).longValue()).isEqualTo(1);
            total += ((Number) row.get("deliveries")).intValue();
        }
        assertThat(total).as("every delivery counted once").isEqualTo(24);
    }
}
