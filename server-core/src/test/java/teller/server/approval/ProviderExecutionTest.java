package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.server.support.ExecutionFixture.key;
import static teller.server.support.FakeProvider.Behaviour.EXECUTE_THEN_DROP;
import static teller.server.support.FakeProvider.Behaviour.EXECUTE_THEN_HANG;
import static teller.server.support.FakeProvider.Behaviour.FAIL_5XX;
import static teller.server.support.FakeProvider.Behaviour.REFUSE;
import static teller.server.support.FakeProvider.Behaviour.TIMEOUT_LOST;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.server.provider.ProviderKind;
import teller.server.support.ApiClient;
import teller.server.support.ExecutionFixture;
import teller.server.support.FakeProvider;

/**
 * Every order type through approval, against the real server-core, the real PostgreSQL and the
 * real HTTP providers pointed at {@link FakeProvider}: each provider answer ends in the right final
 * state, the hold is posted or voided, and the ledger verifies clean after each scenario.
 */
class ProviderExecutionTest {
    private static final String GAME_ACCOUNT = "house:game:" + ExecutionFixture.GAME + ":USD";
    private static final String PAYOUT_ACCOUNT = "house:payout_clearing:USD";
    static FakeProvider provider;
    static ExecutionFixture teller;

    @BeforeAll
    static void start() {
        provider = FakeProvider.start().timeoutHoldMillis(2_500);
        teller = ExecutionFixture.start(b -> b
                .providers(ExecutionFixture.fastSettings(ProviderKind.GAME_LOAD, provider.baseUrl()),
                        ExecutionFixture.fastSettings(ProviderKind.PAYOUT, provider.baseUrl()))
                // The lease outlasts the longest execution (2 x 1.5 s + backoff + a 1.5 s lookup).
                .execution(Duration.ofSeconds(6), Duration.ofSeconds(10), Duration.ofMillis(300)));
    }

    @AfterAll
    static void stop() {
        teller.close();
        provider.close();
    }

    @BeforeEach
    void freshProviderState() {
        provider.defaultBehaviour(FakeProvider.Behaviour.SUCCEED).lookupsFail(false);
        teller.httpProvider(ProviderKind.GAME_LOAD).circuitBreaker().reset();
        teller.httpProvider(ProviderKind.PAYOUT).circuitBreaker().reset();
    }

    @AfterEach
    void everyScenarioLeavesTheLedgerClean() {
        provider.releaseHeld();
        teller.assertLedgerClean();
    }

    // ---------------------------------------------------------------- deposits

    @Test
    void depositApprovedIsPostedAtOnceWithoutAnyProvider() {
        String player = teller.fundedPlayer(0);
        long order = teller.order("DEPOSIT", player, 5_000);

        var approved = teller.approve(order);

        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(teller.balance(player)).isEqualTo(5_000);
        assertThat(teller.transactionStatus(approved.at("/postingTransactionId"))).isEqualTo("POSTED");
        assertThat(teller.events(order)).startsWith("ORDER_CREATED").endsWith("ORDER_APPROVED");
    }

    @Test
    void depositRejectedCreditsNothing() {
        String player = teller.fundedPlayer(0);
        long order = teller.order("DEPOSIT", player, 5_000);

        var rejected = teller.reject(order, "proof does not match");

        assertThat(rejected.status()).as(rejected.text()).isEqualTo(200);
        assertThat(rejected.at("/status")).isEqualTo("REJECTED");
        assertThat(rejected.at("/rejectionReason")).isEqualTo("proof does not match");
        assertThat(teller.balance(player)).isZero();
        assertThat(teller.order(order).get("ledgerTransactionIds")).isEmpty();
        assertThat(teller.events(order)).contains("ORDER_REJECTED");
    }

    // ---------------------------------------------------------------- rejections never reach a provider

    @Test
    void gameLoadAndWithdrawalRejectedHoldNothingAndCallNoProvider() {
        String player = teller.fundedPlayer(10_000);
        long load = teller.order("GAME_LOAD", player, 3_000);
        long payout = teller.order("WITHDRAWAL", player, 2_000);

        assertThat(teller.reject(load, "game closed").at("/status")).isEqualTo("REJECTED");
        assertThat(teller.reject(payout, "kyc pending").at("/status")).isEqualTo("REJECTED");

        assertThat(teller.available(player)).isEqualTo(10_000);
        assertThat(teller.order(load).get("ledgerTransactionIds")).isEmpty();
        assertThat(teller.order(payout).get("ledgerTransactionIds")).isEmpty();
        assertThat(provider.requests(key(load, 1)) + provider.requests(key(payout, 1))).isZero();
        var again = teller.approve(load);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.at("/error/code")).isEqualTo("ORDER_NOT_PENDING");
    }

    // ---------------------------------------------------------------- provider success

    @Test
    void gameLoadApprovedPostsTheHoldWhenTheProviderExecutes() {
        String player = teller.fundedPlayer(10_000);
        long gameBefore = teller.accountBalance(GAME_ACCOUNT);
        long order = teller.order("GAME_LOAD", player, 3_000);

        var approved = teller.approve(order);

        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        JsonNode o = approved.body();
        assertThat(o.get("status").asText()).isEqualTo("APPROVED_EXECUTED");
        assertThat(o.get("executionAttempts").asInt()).isEqualTo(1);
        assertThat(o.get("executedAt").isNull()).isFalse();
        assertThat(o.get("executionError").isNull()).isTrue();
        assertThat(o.at("/executionResult/transactionId").asText()).startsWith("fake-tx-");
        assertThat(o.get("postingTransactionId").asText()).isEqualTo(o.get("holdTransactionId").asText());
        assertThat(teller.transactionStatus(o.get("holdTransactionId").asText())).isEqualTo("POSTED");
        assertThat(teller.balance(player)).isEqualTo(7_000);
        assertThat(teller.available(player)).isEqualTo(7_000);
        assertThat(teller.accountBalance(GAME_ACCOUNT) - gameBefore).isEqualTo(3_000);
        assertThat(teller.events(order)).endsWith("ORDER_EXECUTING", "ORDER_APPROVED");
        assertThat(teller.transitions(order)).containsExactly("PENDING_REVIEW->EXECUTING",
                "EXECUTING->APPROVED_EXECUTED");

        String key = key(order, 1);
        assertThat(provider.requests(key)).isEqualTo(1);
        assertThat(provider.executions(key)).isEqualTo(1);
        assertThat(provider.lastAuthorization(key)).isEqualTo("Bearer " + FakeProvider.TOKEN);
        JsonNode sent = provider.lastBody(key);
        assertThat(sent.get("orderId").asText()).isEqualTo(String.valueOf(order));
        assertThat(sent.get("playerId").asText()).isEqualTo(player);
        assertThat(sent.get("gameName").asText()).isEqualTo(ExecutionFixture.GAME);
        assertThat(sent.get("amount").asLong()).isEqualTo(3_000);
        assertThat(sent.get("currency").asText()).isEqualTo("USD");
    }

    @Test
    void withdrawalApprovedPostsTheHoldToPayoutClearing() {
        String player = teller.fundedPlayer(10_000);
        long clearingBefore = teller.accountBalance(PAYOUT_ACCOUNT);
        long order = teller.order("WITHDRAWAL", player, 4_000);

        var approved = teller.approve(order);

        assertThat(approved.at("/status")).as(approved.text()).isEqualTo("APPROVED_EXECUTED");
        assertThat(teller.transactionStatus(approved.at("/holdTransactionId"))).isEqualTo("POSTED");
        assertThat(teller.balance(player)).isEqualTo(6_000);
        assertThat(teller.accountBalance(PAYOUT_ACCOUNT) - clearingBefore).isEqualTo(4_000);
        assertThat(provider.executions(key(order, 1))).isEqualTo(1);
        assertThat(provider.lastBody(key(order, 1)).has("gameName")).isFalse();
    }

    // ---------------------------------------------------------------- provider refusal

    @Test
    void gameLoadRefusedVoidsTheHoldAndRaisesGameLoadFailed() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("GAME_LOAD", player, 3_000);
        provider.script(key(order, 1), REFUSE);

        var approved = teller.approve(order);

        assertFailedWithHoldVoided(approved, "ACCOUNT_LOCKED", player, 10_000);
        assertThat(approved.at("/executionResult/errorCode")).isEqualTo("ACCOUNT_LOCKED");
        assertThat(approved.at("/executionResult/httpStatus")).isEqualTo("422");
        assertThat(teller.events(order)).endsWith("ORDER_EXECUTING", "GAME_LOAD_FAILED");
        assertThat(provider.requests(key(order, 1))).as("a refusal is an answer, not retried").isEqualTo(1);
    }

    @Test
    void withdrawalRefusedVoidsTheHoldAndRaisesPayoutFailed() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("WITHDRAWAL", player, 4_000);
        provider.script(key(order, 1), REFUSE);

        var approved = teller.approve(order);

        assertFailedWithHoldVoided(approved, "ACCOUNT_LOCKED", player, 10_000);
        assertThat(teller.events(order)).endsWith("ORDER_EXECUTING", "PAYOUT_FAILED");
    }

    // ---------------------------------------------------------------- provider failures

    @Test
    void gameLoadFailingWithServerErrorsIsRetriedWithinBoundsThenFailsHonestly() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("GAME_LOAD", player, 3_000);
        provider.script(key(order, 1), FAIL_5XX, FAIL_5XX);

        var approved = teller.approve(order);

        assertFailedWithHoldVoided(approved, "GAME_LOAD_API_ERROR", player, 10_000);
        assertThat(approved.at("/executionError")).contains("HTTP 503");
        assertThat(provider.requests(key(order, 1))).as("attemptsMax").isEqualTo(2);
        assertThat(provider.lookups(key(order, 1))).as("asked before concluding").isEqualTo(1);
        assertThat(provider.executions(key(order, 1))).isZero();
        assertThat(teller.events(order)).endsWith("GAME_LOAD_FAILED");
    }

    @Test
    void gameLoadSucceedsWhenAServerErrorIsFollowedBySuccessOnTheSameKey() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("GAME_LOAD", player, 3_000);
        provider.script(key(order, 1), FAIL_5XX);

        var approved = teller.approve(order);

        assertThat(approved.at("/status")).as(approved.text()).isEqualTo("APPROVED_EXECUTED");
        assertThat(approved.at("/executionAttempts")).as("HTTP retries are not new attempts").isEqualTo("1");
        assertThat(provider.requests(key(order, 1))).isEqualTo(2);
        assertThat(provider.executions(key(order, 1))).isEqualTo(1);
        assertThat(teller.balance(player)).isEqualTo(7_000);
    }

    @Test
    void withdrawalTimingOutWithoutExecutingFailsWithTimeoutAndReleasesTheHold() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("WITHDRAWAL", player, 4_000);
        provider.script(key(order, 1), TIMEOUT_LOST, TIMEOUT_LOST);

        var approved = teller.approve(order);

        assertFailedWithHoldVoided(approved, "PAYOUT_API_TIMEOUT", player, 10_000);
        assertThat(approved.at("/executionError")).contains("timed out");
        assertThat(provider.requests(key(order, 1))).isEqualTo(2);
        assertThat(provider.executions(key(order, 1))).isZero();
        assertThat(teller.events(order)).endsWith("PAYOUT_FAILED");
    }

    @Test
    void withdrawalThatExecutedButTimedOutIsFoundByLookupAndPosted() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("WITHDRAWAL", player, 4_000);
        provider.script(key(order, 1), EXECUTE_THEN_HANG, EXECUTE_THEN_HANG);

        var approved = teller.approve(order);

        assertThat(approved.at("/status")).as(approved.text()).isEqualTo("APPROVED_EXECUTED");
        assertThat(teller.transactionStatus(approved.at("/holdTransactionId"))).isEqualTo("POSTED");
        assertThat(provider.lookups(key(order, 1))).isEqualTo(1);
        assertThat(provider.executions(key(order, 1))).isEqualTo(1);
        assertThat(teller.balance(player)).isEqualTo(6_000);
    }

    @Test
    void gameLoadWhoseAnswerWasLostIsSettledByResendingTheSameKey() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("GAME_LOAD", player, 3_000);
        provider.script(key(order, 1), EXECUTE_THEN_DROP);

        var approved = teller.approve(order);

        assertThat(approved.at("/status")).as(approved.text()).isEqualTo("APPROVED_EXECUTED");
        assertThat(provider.requests(key(order, 1))).isEqualTo(2);
        assertThat(provider.executions(key(order, 1))).as("the repeat got the stored outcome").isEqualTo(1);
        assertThat(provider.succeededKeysOfOrder(order)).containsExactly(key(order, 1));
        assertThat(teller.balance(player)).isEqualTo(7_000);
    }

    @Test
    void unknownOutcomeKeepsTheHoldUntilRecoveryLearnsItFromTheProvider() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("GAME_LOAD", player, 3_000);
        provider.script(key(order, 1), EXECUTE_THEN_HANG, EXECUTE_THEN_HANG).lookupsFail(true);

        var approved = teller.approve(order);

        assertThat(approved.status()).as(approved.text()).isEqualTo(202);
        assertThat(approved.at("/status")).isEqualTo("EXECUTING");
        assertThat(teller.transactionStatus(approved.at("/holdTransactionId"))).isEqualTo("PENDING");
        assertThat(teller.available(player)).as("the hold still reserves the funds").isEqualTo(7_000);
        assertThat(teller.balance(player)).isEqualTo(10_000);

        provider.lookupsFail(false);
        ExecutionFixture.await(Duration.ofSeconds(30), "recovery to settle order " + order,
                () -> !"EXECUTING".equals(teller.status(order)));

        JsonNode settled = teller.order(order);
        assertThat(settled.get("status").asText()).isEqualTo("APPROVED_EXECUTED");
        assertThat(settled.get("executionAttempts").asInt()).isEqualTo(1);
        assertThat(teller.transactionStatus(settled.get("holdTransactionId").asText())).isEqualTo("POSTED");
        assertThat(provider.requests(key(order, 1))).as("recovery asked, it did not send again").isEqualTo(2);
        assertThat(provider.executions(key(order, 1))).isEqualTo(1);
        assertThat(teller.balance(player)).isEqualTo(7_000);
        assertThat(teller.transitions(order)).containsOnlyOnce("EXECUTING->APPROVED_EXECUTED");
        assertThat(teller.executingOrders()).isZero();
    }

    // ---------------------------------------------------------------- retry and void

    @Test
    void retryOfAFailedGameLoadExecutesANewAttemptWithANewKey() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("GAME_LOAD", player, 3_000);
        provider.script(key(order, 1), REFUSE);
        var failed = teller.approve(order);
        assertThat(failed.at("/status")).isEqualTo("APPROVED_FAILED");
        String firstHold = failed.at("/holdTransactionId");

        var retried = teller.retry(order);

        assertThat(retried.status()).as(retried.text()).isEqualTo(200);
        assertThat(retried.at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(retried.at("/executionAttempts")).isEqualTo("2");
        assertThat(retried.at("/executionError")).isNull();
        assertThat(retried.at("/holdTransactionId")).isNotEqualTo(firstHold);
        assertThat(teller.transactionStatus(firstHold)).isEqualTo("VOIDED");
        assertThat(teller.transactionStatus(retried.at("/holdTransactionId"))).isEqualTo("POSTED");
        assertThat(provider.executions(key(order, 1))).isEqualTo(1);
        assertThat(provider.executions(key(order, 2))).isEqualTo(1);
        assertThat(provider.succeededKeysOfOrder(order)).containsExactly(key(order, 2));
        assertThat(teller.balance(player)).isEqualTo(7_000);
        assertThat(teller.transitions(order)).containsExactly("PENDING_REVIEW->EXECUTING",
                "EXECUTING->APPROVED_FAILED", "APPROVED_FAILED->EXECUTING", "EXECUTING->APPROVED_EXECUTED");
        assertThat(teller.order(order).get("approvedById").asText()).as("the approver stays the approver")
                .isEqualTo(failed.at("/approvedById"));

        var retryAgain = teller.retry(order);
        assertThat(retryAgain.status()).isEqualTo(409);
        assertThat(retryAgain.at("/error/code")).isEqualTo("ORDER_NOT_RETRYABLE");
    }

    @Test
    void retryOfAFailedWithdrawalThatFailsAgainReleasesTheSecondHoldToo() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("WITHDRAWAL", player, 4_000);
        provider.script(key(order, 1), REFUSE).script(key(order, 2), REFUSE);
        assertThat(teller.approve(order).at("/status")).isEqualTo("APPROVED_FAILED");

        var retried = teller.retry(order);

        assertThat(retried.at("/status")).as(retried.text()).isEqualTo("APPROVED_FAILED");
        assertThat(retried.at("/executionAttempts")).isEqualTo("2");
        assertThat(teller.transactionStatus(retried.at("/holdTransactionId"))).isEqualTo("VOIDED");
        assertThat(teller.available(player)).isEqualTo(10_000);
        assertThat(teller.events(order).stream().filter("PAYOUT_FAILED"::equals)).hasSize(2);
    }

    @Test
    void voidOfAnExecutedGameLoadReversesItsPosting() {
        String player = teller.fundedPlayer(10_000);
        long gameBefore = teller.accountBalance(GAME_ACCOUNT);
        long order = teller.order("GAME_LOAD", player, 3_000);
        assertThat(teller.approve(order).at("/status")).isEqualTo("APPROVED_EXECUTED");

        var voided = teller.voidOrder(order, "loaded into the wrong game");

        assertThat(voided.status()).as(voided.text()).isEqualTo(200);
        assertThat(voided.at("/status")).isEqualTo("VOIDED");
        assertThat(voided.at("/voidReason")).isEqualTo("loaded into the wrong game");
        assertThat(teller.transactionStatus(voided.at("/reversalTransactionId"))).isEqualTo("POSTED");
        assertThat(teller.balance(player)).isEqualTo(10_000);
        assertThat(teller.accountBalance(GAME_ACCOUNT)).isEqualTo(gameBefore);
        assertThat(teller.events(order)).endsWith("ORDER_VOIDED");
        var twice = teller.voidOrder(order, "again");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.at("/error/code")).isEqualTo("ORDER_NOT_VOIDABLE");
    }

    @Test
    void voidOfAFailedOrderIsRefused() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("WITHDRAWAL", player, 4_000);
        provider.script(key(order, 1), REFUSE);
        assertThat(teller.approve(order).at("/status")).isEqualTo("APPROVED_FAILED");

        var voided = teller.voidOrder(order, "nothing to reverse");

        assertThat(voided.status()).isEqualTo(409);
        assertThat(voided.at("/error/code")).isEqualTo("ORDER_NOT_VOIDABLE");
        assertThat(teller.status(order)).isEqualTo("APPROVED_FAILED");
    }

    // ---------------------------------------------------------------- no order executes twice

    @Test
    void concurrentApprovalsOfOneOrderExecuteItOnce() throws Exception {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("GAME_LOAD", player, 3_000);
        int approvers = 6;
        var pool = Executors.newFixedThreadPool(approvers);
        try {
            List<Future<ApiClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < approvers; i++) {
                replies.add(pool.submit((Callable<ApiClient.Reply>) () -> teller.approve(order)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (var reply : replies) {
                statuses.add(reply.get().status());
            }
            assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(provider.requests(key(order, 1))).isEqualTo(1);
        assertThat(provider.succeededKeysOfOrder(order)).containsExactly(key(order, 1));
        assertThat(teller.balance(player)).isEqualTo(7_000);
    }

    @Test
    void repeatedApproveWithOneIdempotencyKeyReplaysTheAnswerAndExecutesOnce() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("WITHDRAWAL", player, 4_000);
        var headers = Map.of("Idempotency-Key", "approve-" + order);

        var first = teller.admin.post("/api/v1/orders/" + order + "/approve", Map.of("note", "checked"), headers);
        var second = teller.admin.post("/api/v1/orders/" + order + "/approve", Map.of("note", "checked"), headers);

        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(second.status()).as(second.text()).isEqualTo(200);
        assertThat(second.at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(second.at("/id")).isEqualTo(first.at("/id"));
        assertThat(provider.requests(key(order, 1))).isEqualTo(1);
        assertThat(teller.balance(player)).isEqualTo(6_000);
    }

    @Test
    void insufficientFundsRefusesTheApprovalBeforeAnyHoldOrCall() {
        String player = teller.fundedPlayer(1_000);
        long order = teller.order("WITHDRAWAL", player, 4_000);

        var approved = teller.approve(order);

        assertThat(approved.status()).as(approved.text()).isEqualTo(422);
        assertThat(teller.status(order)).isEqualTo("PENDING_REVIEW");
        assertThat(teller.order(order).get("ledgerTransactionIds")).isEmpty();
        assertThat(provider.requests(key(order, 1))).isZero();
    }

    private void assertFailedWithHoldVoided(ApiClient.Reply approved, String errorCode, String player, long balance) {
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        JsonNode o = approved.body();
        assertThat(o.get("status").asText()).isEqualTo("APPROVED_FAILED");
        assertThat(o.get("executionAttempts").asInt()).isEqualTo(1);
        assertThat(o.get("executedAt").isNull()).isTrue();
        assertThat(o.get("executionError").asText()).contains(errorCode);
        assertThat(o.at("/executionResult/errorCode").asText()).isEqualTo(errorCode);
        assertThat(o.get("postingTransactionId").isNull()).isTrue();
        assertThat(teller.transactionStatus(o.get("holdTransactionId").asText())).isEqualTo("VOIDED");
        assertThat(teller.balance(player)).isEqualTo(balance);
        assertThat(teller.available(player)).isEqualTo(balance);
    }
}
