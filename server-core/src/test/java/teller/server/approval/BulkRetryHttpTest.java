package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.server.support.ExecutionFixture.key;
import static teller.server.support.FakeProvider.Behaviour.REFUSE;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.provider.ProviderKind;
import teller.server.support.ApiClient;
import teller.server.support.ExecutionFixture;
import teller.server.support.FakeProvider;

/**
 * {@code POST /api/v1/orders/retry} over real HTTP: one answer per order under its id, the same
 * Idempotency-Key replays the answer, bad input names the field and writes nothing, and a retry
 * (bulk or single) checks the caller's approval cap like approve does.
 */
class BulkRetryHttpTest {
    static FakeProvider provider;
    static ExecutionFixture teller;

    @BeforeAll
    static void start() {
        provider = FakeProvider.start();
        teller = ExecutionFixture.start(b -> b.providers(
                ExecutionFixture.fastSettings(ProviderKind.GAME_LOAD, provider.baseUrl()),
                ExecutionFixture.fastSettings(ProviderKind.PAYOUT, provider.baseUrl())));
    }

    @AfterAll
    static void stop() {
        teller.close();
        provider.close();
    }

    @AfterEach
    void ledgerStaysClean() {
        teller.assertLedgerClean();
    }

    /** A game load that ended APPROVED_FAILED on its first attempt (the provider refused it). */
    private long failedOrder(String player, long amount) {
        long order = teller.order("GAME_LOAD", player, amount);
        provider.script(key(order, 1), REFUSE);
        assertThat(teller.approve(order).at("/status")).isEqualTo("APPROVED_FAILED");
        return order;
    }

    @Test
    void answersPerOrderUnderItsIdAndReplaysTheAnswerForTheSameKey() {
        String player = teller.fundedPlayer(10_000);
        long first = failedOrder(player, 1_000);
        long second = failedOrder(player, 2_000);
        long pending = teller.order("GAME_LOAD", player, 500);

        Map<String, String> key = Map.of("Idempotency-Key", "bulk-" + first);
        var reply = teller.admin.post("/api/v1/orders/retry",
                Map.of("orderIds", List.of(String.valueOf(first), second, String.valueOf(pending))), key);

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        JsonNode results = reply.body().get("results");
        assertThat(results.at("/" + first + "/status").asInt()).isEqualTo(200);
        assertThat(results.at("/" + first + "/order/status").asText()).isEqualTo("APPROVED_EXECUTED");
        assertThat(results.at("/" + second + "/order/status").asText()).isEqualTo("APPROVED_EXECUTED");
        assertThat(results.at("/" + pending + "/status").asInt()).isEqualTo(409);
        assertThat(results.at("/" + pending + "/error/code").asText()).isNotBlank();
        assertThat(reply.body().get("retried").asInt()).isEqualTo(2);
        assertThat(reply.body().get("refused").asInt()).isEqualTo(1);
        assertThat(teller.status(pending)).isEqualTo("PENDING_REVIEW");
        // Each order ran under its own provider key: its second attempt.
        assertThat(provider.succeededKeysOfOrder(first)).containsExactly(key(first, 2));
        assertThat(provider.succeededKeysOfOrder(second)).containsExactly(key(second, 2));

        var again = teller.admin.post("/api/v1/orders/retry",
                Map.of("orderIds", List.of(String.valueOf(first), second, String.valueOf(pending))), key);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        assertThat(again.body().get("results")).isEqualTo(results);
        assertThat(provider.requests(key(first, 3))).as("a replay executes nothing").isZero();
        assertThat(teller.order(first).get("executionAttempts").asInt()).isEqualTo(2);
        assertThat(teller.balance(player)).isEqualTo(7_000);
    }

    @Test
    void badInputNamesTheFieldAndWritesNothing() {
        String player = teller.fundedPlayer(5_000);
        long failed = failedOrder(player, 1_000);
        List<Object> tooMany = new ArrayList<>();
        LongStream.rangeClosed(1, 101).forEach(tooMany::add);
        Map<Object, String> cases = new java.util.LinkedHashMap<>();
        cases.put(Map.of(), "orderIds");
        cases.put(Map.of("orderIds", List.of()), "orderIds");
        cases.put(Map.of("orderIds", tooMany), "orderIds");
        cases.put(Map.of("orderIds", List.of(String.valueOf(failed), "abc")), "orderIds[1]");
        cases.put(Map.of("orderIds", List.of(failed, failed)), "orderIds[1]");
        int n = 0;
        for (var c : cases.entrySet()) {
            var reply = teller.admin.post("/api/v1/orders/retry", c.getKey(), Map.of("Idempotency-Key", "bad-" + failed + "-" + n++));
            assertThat(reply.status()).as(reply.text()).isEqualTo(400);
            assertThat(reply.at("/error/details/field")).as(reply.text()).isEqualTo(c.getValue());
        }
        assertThat(teller.status(failed)).isEqualTo("APPROVED_FAILED");
        assertThat(teller.order(failed).get("executionAttempts").asInt()).isEqualTo(1);
        // The key of bad input is not kept: the corrected request runs under it.
        var fixed = teller.admin.post("/api/v1/orders/retry", Map.of("orderIds", List.of(failed)),
                Map.of("Idempotency-Key", "bad-" + failed + "-0"));
        assertThat(fixed.at("/results/" + failed + "/order/status")).as(fixed.text()).isEqualTo("APPROVED_EXECUTED");
    }

    @Test
    void onlySupervisorsAndAdminsMayBulkRetryAndARetryChecksTheCallersCap() {
        String player = teller.fundedPlayer(10_000);
        long failed = failedOrder(player, 3_000);
        var refused = teller.clerk.post("/api/v1/orders/retry", Map.of("orderIds", List.of(failed)));
        assertThat(refused.status()).as(refused.text()).isEqualTo(403);

        ApiClient supervisor = teller.admin.newOperator("bulk-sup-" + failed, "SUPERVISOR");
        String supervisorId = supervisor.get("/api/v1/me").at("/id");
        var capped = teller.admin.send("PUT", "/api/v1/operators/" + supervisorId + "/approval-caps/USD",
                "{\"amountMax\":2000}", Map.of());
        assertThat(capped.status()).as(capped.text()).isEqualTo(200);

        var single = supervisor.post("/api/v1/orders/" + failed + "/retry", Map.of());
        assertThat(single.status()).as(single.text()).isEqualTo(422);
        assertThat(single.at("/error/code")).isEqualTo("APPROVAL_CAP_EXCEEDED");
        var bulk = supervisor.post("/api/v1/orders/retry", Map.of("orderIds", List.of(failed)));
        assertThat(bulk.at("/results/" + failed + "/error/code")).as(bulk.text()).isEqualTo("APPROVAL_CAP_EXCEEDED");
        assertThat(teller.status(failed)).isEqualTo("APPROVED_FAILED");
        assertThat(teller.order(failed).get("executionAttempts").asInt()).as("a refused retry uses no attempt").isEqualTo(1);
        assertThat(provider.requests(key(failed, 2))).isZero();
    }
}
