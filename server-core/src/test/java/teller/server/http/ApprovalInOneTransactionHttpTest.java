package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import teller.server.support.ApiClient.Reply;

/**
 * Decision 0102: an approve request with an Idempotency-Key is claimed, decided and answered in the
 * deposit batch's one transaction. PostgreSQL's now() is the transaction's start time, so rows
 * written by one transaction carry the same timestamp: that is what these tests compare.
 */
class ApprovalInOneTransactionHttpTest extends HttpApiFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anApprovalWithAKeyIsClaimedPostedAndAnsweredInOneTransaction() throws Exception {
        String id = submit("DEPOSIT", newPlayer(), 1_200);
        String key = "one-tx-" + id;
        Reply approved = admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "ok"),
                Map.of("Idempotency-Key", key));
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.at("/status")).isEqualTo("APPROVED_EXECUTED");

        assertThat(count("SELECT count(*) FROM idempotency_records i JOIN ledger_transactions t ON t.order_id = " + id
                + " WHERE i.key = '" + key + "' AND i.created_at = t.created_at AND i.completed_at = t.created_at"))
                .as("the key's claim, its stored answer and the posting share one transaction").isEqualTo(1);
        String stored = text("SELECT response_body FROM idempotency_records WHERE key = '" + key + "'");
        assertThat(JSON.readTree(stored)).as("the stored answer is the answer sent").isEqualTo(approved.body());

        Reply replay = admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "ok"),
                Map.of("Idempotency-Key", key));
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body().path("duplicate").asBoolean()).isTrue();
        assertThat(replay.at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(count("SELECT count(*) FROM ledger_transactions WHERE order_id = " + id)).isEqualTo(1);
    }

    @Test
    void aRefusalWithAKeyIsStoredInTheDecidingTransactionAndReplayed() {
        String id = deposit(newPlayer(), 700);
        String key = "one-tx-refused-" + id;
        Reply refused = admin.post("/api/v1/orders/" + id + "/approve", Map.of(), Map.of("Idempotency-Key", key));
        assertThat(refused.status()).as(refused.text()).isBetween(400, 499);
        assertThat(count("SELECT count(*) FROM idempotency_records WHERE key = '" + key + "' AND status_code = "
                + refused.status() + " AND created_at = completed_at")).as("claimed and answered together").isEqualTo(1);
        Reply again = admin.post("/api/v1/orders/" + id + "/approve", Map.of(), Map.of("Idempotency-Key", key));
        assertThat(again.status()).isEqualTo(refused.status());
        assertThat(again.at("/error/code")).isEqualTo(refused.at("/error/code"));
    }

    @Test
    void aGameLoadWithAKeyTakesTheExecutionPathAndATryLaterAnswerKeepsNothing() {
        String player = newPlayer();
        deposit(player, 1_000);
        String id = submit("GAME_LOAD", player, 300);
        String key = "one-tx-game-" + id;
        Reply answer = admin.post("/api/v1/orders/" + id + "/approve", Map.of(), Map.of("Idempotency-Key", key));
        // No provider is configured in tests: refused with 503, the order unchanged and the key free.
        assertThat(answer.status()).as(answer.text()).isEqualTo(503);
        assertThat(answer.at("/error/code")).isEqualTo("PROVIDER_UNAVAILABLE");
        assertThat(count("SELECT count(*) FROM idempotency_records WHERE key = '" + key + "'")).isZero();
        assertThat(admin.get("/api/v1/orders/" + id).at("/status")).isEqualTo("PENDING_REVIEW");
    }

    private static String text(String sql) {
        try (var connection = server.database().dataSource().getConnection();
             var statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
