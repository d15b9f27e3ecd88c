package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import teller.server.support.ApiClient.Reply;

/**
 * Idempotency-Key replay over real HTTP: a repeated approve, order or registration with the same key
 * answers the same and writes once; the same key with a different body is refused.
 */
class IdempotencyHttpTest extends HttpApiFixture {

    // ------------------------------------------------------------------ idempotency

    @Test
    void aRepeatedApproveWithTheSameKeyReturnsTheSameResponseAndPostsOnce() throws Exception {
        String id = submit("DEPOSIT", newPlayer(), 900);
        String key = "approve-" + id;
        Map<String, Long> before = counts();
        int callers = 8;
        var pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Callable<Reply> call = () -> admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "ok"),
                        Map.of("Idempotency-Key", key));
                replies.add(pool.submit(call));
            }
            int originals = 0;
            for (Future<Reply> f : replies) {
                Reply r = f.get();
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(r.at("/id")).isEqualTo(id);
                assertThat(r.at("/status")).isEqualTo("APPROVED_EXECUTED");
                if (!r.body().path("duplicate").asBoolean(false)) {
                    originals++;
                }
            }
            assertThat(originals).as("one original response, the rest replays").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        Reply later = admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "ok"), Map.of("Idempotency-Key", key));
        assertThat(later.status()).isEqualTo(200);
        assertThat(later.body().get("duplicate").asBoolean()).isTrue();

        Map<String, Long> after = counts();
        assertThat(after.get("ledger_transactions") - before.get("ledger_transactions")).isEqualTo(1);
        assertThat(after.get("idempotency_records") - before.get("idempotency_records")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ledger_transactions WHERE order_id = " + id)).isEqualTo(1);

        Reply reused = admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "something else"),
                Map.of("Idempotency-Key", key));
        assertThat(reused.status()).isEqualTo(422);
        assertError(reused, "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void aRepeatedOrderWithTheSameKeyIsOneOrderAndADifferentBodyIsRefused() {
        String player = newPlayer();
        String key = "intake-" + SEQUENCE.incrementAndGet();
        Map<String, Long> before = counts();
        Reply first = clerk.post("/api/v1/orders", order("DEPOSIT", player, 4_200), Map.of("Idempotency-Key", key));
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        Reply again = clerk.post("/api/v1/orders", order("DEPOSIT", player, 4_200), Map.of("Idempotency-Key", key));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        assertThat(again.at("/id")).isEqualTo(first.at("/id"));
        assertThat(again.at("/idempotencyKey")).isEqualTo(key);

        Reply different = clerk.post("/api/v1/orders", order("DEPOSIT", player, 4_201), Map.of("Idempotency-Key", key));
        assertThat(different.status()).isEqualTo(422);
        assertError(different, "IDEMPOTENCY_KEY_REUSED");
        assertThat(counts().get("orders") - before.get("orders")).isEqualTo(1);
    }

    @Test
    void aRepeatedPlayerRegistrationWithTheSameKeyIsReplayed() {
        String id = "idem-" + SEQUENCE.incrementAndGet();
        Map<String, Object> body = Map.of("id", id, "username", id, "currency", "USD");
        Reply first = admin.post("/api/v1/players", body, Map.of("Idempotency-Key", "player-" + id));
        Reply again = admin.post("/api/v1/players", body, Map.of("Idempotency-Key", "player-" + id));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        Reply reused = admin.post("/api/v1/players", Map.of("id", id + "x", "username", id + "x", "currency", "USD"),
                Map.of("Idempotency-Key", "player-" + id));
        assertThat(reused.status()).isEqualTo(422);
        assertError(reused, "IDEMPOTENCY_KEY_REUSED");
        assertThat(count("SELECT count(*) FROM players WHERE id LIKE '" + id + "%'")).isEqualTo(1);
    }
}
