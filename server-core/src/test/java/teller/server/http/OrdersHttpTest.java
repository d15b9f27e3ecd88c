package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import teller.server.support.ApiClient.Reply;

/**
 * Orders over real HTTP: every type enters the queue, the detail carries execution, history and
 * postings, approve / reject / retry / void, state conflicts and self-approval.
 */
class OrdersHttpTest extends HttpApiFixture {

    // ------------------------------------------------------------------ orders

    @Test
    void ordersOfEveryTypeEnterTheQueueAndAreListedOldestFirstWithACursor() {
        String player = newPlayer();
        deposit(player, 10_000);
        List<String> ids = new ArrayList<>();
        for (String type : List.of("DEPOSIT", "GAME_LOAD", "WITHDRAWAL")) {
            Reply order = clerk.post("/api/v1/orders", order(type, player, 700));
            assertThat(order.status()).as(order.text()).isEqualTo(201);
            assertThat(order.at("/type")).isEqualTo(type);
            assertThat(order.at("/status")).isEqualTo("PENDING_REVIEW");
            assertThat(order.body().get("amount").asLong()).isEqualTo(700);
            assertThat(order.at("/currency")).isEqualTo("USD");
            assertThat(order.at("/playerId")).isEqualTo(player);
            assertThat(order.at("/source/channel")).isEqualTo("PORTAL");
            assertThat(order.at("/createdBy/type")).isEqualTo("OPERATOR");
            assertThat(order.body().get("duplicate").asBoolean()).isFalse();
            ids.add(order.at("/id"));
        }

        Reply first = viewer.get("/api/v1/orders?status=PENDING_REVIEW&playerId=" + player + "&limit=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.at("/nextCursor")).isNotNull();
        Reply second = viewer.get("/api/v1/orders?status=PENDING_REVIEW&playerId=" + player + "&limit=2&cursor="
                + first.at("/nextCursor"));
        assertThat(second.body().has("nextCursor")).isTrue();
        assertThat(second.at("/nextCursor")).isNull();
        List<String> listed = new ArrayList<>();
        first.body().get("items").forEach(o -> listed.add(o.get("id").asText()));
        second.body().get("items").forEach(o -> listed.add(o.get("id").asText()));
        assertThat(listed).as("oldest first, each once").containsExactlyElementsOf(ids);

        Reply loads = viewer.get("/api/v1/orders?type=GAME_LOAD&playerId=" + player);
        assertThat(loads.body().get("items")).hasSize(1);
        assertThat(loads.body().at("/items/0/gameName").asText()).isEqualTo("Pusoy");
    }

    @Test
    void orderDetailCarriesExecutionTrackingHistoryAndLedgerTransactions() {
        String player = newPlayer();
        String id = deposit(player, 2_500);
        Reply detail = viewer.get("/api/v1/orders/" + id);
        assertThat(detail.status()).isEqualTo(200);
        JsonNode o = detail.body();
        assertThat(o.get("status").asText()).isEqualTo("APPROVED_EXECUTED");
        assertThat(o.get("approvedByType").asText()).isEqualTo("OPERATOR");
        assertThat(o.get("approvedById").isTextual()).isTrue();
        assertThat(o.get("approvedAt").isTextual()).isTrue();
        assertThat(o.get("executedAt").isTextual()).isTrue();
        for (String field : List.of("executionAttempts", "executionError", "executionResult", "rejectionReason")) {
            assertThat(o.has(field)).as(field).isTrue();
        }
        assertThat(o.get("ledgerTransactionIds")).hasSize(1);
        JsonNode step = o.get("history").get(0);
        assertThat(step.get("fromStatus").asText()).as(detail.text()).isEqualTo("PENDING_REVIEW");
        assertThat(step.get("toStatus").asText()).isEqualTo("APPROVED_EXECUTED");
        assertThat(step.get("actorType").asText()).isEqualTo("OPERATOR");
        assertThat(step.get("at").isTextual()).isTrue();
    }

    @Test
    void aGameLoadWithoutAConfiguredProviderIsRefusedUpFrontAndNothingChanges() {
        String player = newPlayer();
        deposit(player, 10_000);
        String id = submit("GAME_LOAD", player, 3_000);

        Reply refused = admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "looks right"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(503);
        assertThat(refused.at("/error/code")).isEqualTo("PROVIDER_UNAVAILABLE");
        assertThat(refused.at("/error/details/provider")).isEqualTo("GAME_LOAD");
        assertThat(refused.at("/error/details/state")).isEqualTo("NOT_CONFIGURED");
        assertThat(refused.at("/error/message")).contains("GAME_LOAD_API_URL");
        assertThat(refused.headers().firstValue("Retry-After")).as("nobody can tell when it is configured").isEmpty();

        Reply order = viewer.get("/api/v1/orders/" + id);
        assertThat(order.at("/status")).isEqualTo("PENDING_REVIEW");
        assertThat(order.body().get("executionAttempts").asInt()).isZero();
        assertThat(order.body().get("ledgerTransactionIds")).isEmpty();
        assertThat(viewer.get("/api/v1/players/" + player).body().get("available").asLong()).isEqualTo(10_000);
    }

    @Test
    void rejectAndVoidRecordTheirReasonAndTheLedgerStaysBalanced() {
        String player = newPlayer();
        String pending = submit("WITHDRAWAL", player, 100);
        Reply rejected = admin.post("/api/v1/orders/" + pending + "/reject", Map.of("reason", "no KYC yet"));
        assertThat(rejected.status()).as(rejected.text()).isEqualTo(200);
        assertThat(rejected.at("/status")).isEqualTo("REJECTED");
        assertThat(rejected.at("/rejectionReason")).isEqualTo("no KYC yet");

        String executed = deposit(player, 4_000);
        Reply voided = supervisor.post("/api/v1/orders/" + executed + "/void", Map.of("reason", "proof was forged"));
        assertThat(voided.status()).as(voided.text()).isEqualTo(200);
        assertThat(voided.at("/status")).isEqualTo("VOIDED");
        assertThat(voided.at("/voidReason")).isEqualTo("proof was forged");
        assertThat(voided.at("/reversalTransactionId")).isNotNull();
        assertThat(viewer.get("/api/v1/players/" + player).body().get("balance").asLong()).isZero();
        assertThat(supervisor.get("/api/v1/ledger/verify").body().get("balanced").asBoolean()).isTrue();
    }

    @Test
    void anInvalidStateTransitionIsAConflict() {
        String player = newPlayer();
        String rejected = submit("DEPOSIT", player, 100);
        assertThat(admin.post("/api/v1/orders/" + rejected + "/reject", Map.of("reason", "duplicate")).status())
                .isEqualTo(200);
        Map<String, Long> before = counts();

        Reply approve = admin.post("/api/v1/orders/" + rejected + "/approve", Map.of());
        assertThat(approve.status()).as(approve.text()).isEqualTo(409);
        assertError(approve, "ORDER_NOT_PENDING");
        Reply voidPending = supervisor.post("/api/v1/orders/" + submit("DEPOSIT", player, 100) + "/void",
                Map.of("reason", "too early"));
        assertThat(voidPending.status()).isEqualTo(409);
        assertError(voidPending, "ORDER_NOT_VOIDABLE");
        Reply retryDeposit = supervisor.post("/api/v1/orders/" + deposit(player, 100) + "/retry", null);
        assertThat(retryDeposit.status()).isEqualTo(409);
        assertError(retryDeposit, "ORDER_NOT_RETRYABLE");

        Map<String, Long> after = counts();
        assertThat(after.get("ledger_transactions") - before.get("ledger_transactions"))
                .as("only the deposit made for the retry case posted").isEqualTo(1);
    }

    @Test
    void anOperatorMayNotApproveAnOrderTheyEntered() {
        String id = submit("DEPOSIT", newPlayer(), 100);
        Reply self = clerk.post("/api/v1/orders/" + id + "/approve", Map.of());
        assertThat(self.status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/orders/" + id).at("/status")).isEqualTo("PENDING_REVIEW");
    }
}
