package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.common.ConflictException;
import teller.server.common.DomainException;
import teller.server.ledger.AccountCodes;
import teller.server.ledger.TransactionStatus;
import teller.server.ledger.TransactionView;
import teller.server.orders.IntakeRequest;
import teller.server.orders.Order;
import teller.server.orders.OrderIntakeService;
import teller.server.orders.OrderStatus;
import teller.server.provider.ProviderKind;
import teller.server.support.CountingProvider;
import teller.server.support.DomainGraph;

/**
 * Thirty-two callers racing on one order (one database, real row locks, the real deposit batcher
 * and execution pool): exactly one execution, one ledger transaction, one provider call.
 */
class ConcurrentApprovalTest {
    private static final int THREADS = 32;
    private static final AtomicInteger PLAYERS = new AtomicInteger();
    private static CountingProvider gameLoads;
    private static CountingProvider payouts;
    private static DomainGraph graph;

    @BeforeAll
    static void start() {
        gameLoads = new CountingProvider(ProviderKind.GAME_LOAD);
        payouts = new CountingProvider(ProviderKind.PAYOUT);
        // A slow provider keeps the order EXECUTING while the other callers arrive.
        gameLoads.delayEachCall(150);
        payouts.delayEachCall(150);
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, gameLoads, ProviderKind.PAYOUT, payouts));
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    /** The answer of one racing caller: a value or a domain refusal (anything else fails the test). */
    private record Outcome<T>(T value, DomainException refusal) {
    }

    private static <T> List<Outcome<T>> race(java.util.function.IntFunction<T> call) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome<T>>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < THREADS; i++) {
                int caller = i;
                Callable<Outcome<T>> task = () -> {
                    ready.countDown();
                    go.await();
                    try {
                        return new Outcome<>(call.apply(caller), null);
                    } catch (DomainException refused) {
                        return new Outcome<>(null, refused);
                    }
                };
                futures.add(pool.submit(task));
            }
            ready.await();
            go.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<Outcome<T>> future : futures) {
                try {
                    outcomes.add(future.get());
                } catch (ExecutionException e) {
                    throw new AssertionError("a racing caller failed unexpectedly", e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String newPlayer(long funds) {
        String id = "racer-" + PLAYERS.incrementAndGet();
        graph.player(id, "USD");
        if (funds > 0) {
            graph.fund(id, funds);
        }
        return id;
    }

    private static List<TransactionView> transactionsOf(long orderId) {
        return graph.tx.read(() -> graph.ledgerStore.transactionIdsOfOrder(orderId).stream()
                .map(id -> graph.ledgerStore.transaction(id).orElseThrow()).toList());
    }

    private static long wallet(String playerId) {
        return graph.players.get(playerId).balance();
    }

    private static long audits(long orderId, String action) {
        return graph.count("SELECT count(*) FROM audit_log WHERE resource_type = 'ORDER' AND resource_id = ? AND action = ?",
                String.valueOf(orderId), action);
    }

    private static long events(long orderId, String type) {
        return graph.count("SELECT count(*) FROM outbox_events WHERE aggregate_id = ? AND event_type = ?",
                String.valueOf(orderId), type);
    }

    private static void assertOnlyNotPendingRefusals(List<? extends Outcome<?>> outcomes, int winners) {
        assertThat(outcomes.stream().filter(o -> o.refusal() == null)).hasSize(winners);
        assertThat(outcomes.stream().filter(o -> o.refusal() != null)).hasSize(THREADS - winners)
                .allSatisfy(o -> assertThat(o.refusal()).isInstanceOf(ConflictException.class));
    }

    private static void assertLedgerVerifies() {
        var verification = graph.ledger.verify();
        assertThat(verification.balanced()).as(verification.discrepancies().toString()).isTrue();
    }

    @Test
    void thirtyTwoApprovalsOfOneDepositPostItOnce() throws Exception {
        String player = newPlayer(0);
        long id = graph.submit("DEPOSIT", player, 5_000, null, null).id();

        var outcomes = race(i -> graph.approvals.approve(id, DomainGraph.operator("approver-" + i), null));

        assertOnlyNotPendingRefusals(outcomes, 1);
        assertThat(outcomes).filteredOn(o -> o.refusal() == null).singleElement()
                .satisfies(o -> assertThat(o.value().order().status()).isEqualTo(OrderStatus.APPROVED_EXECUTED));
        assertThat(outcomes).filteredOn(o -> o.refusal() != null)
                .allSatisfy(o -> assertThat(o.refusal().code()).isEqualTo("ORDER_NOT_PENDING"));
        assertThat(transactionsOf(id)).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo(TransactionStatus.POSTED);
            assertThat(t.entries()).hasSize(2);
        });
        assertThat(wallet(player)).isEqualTo(5_000);
        assertThat(audits(id, "ORDER_APPROVE")).isEqualTo(1);
        assertThat(events(id, "ORDER_APPROVED")).isEqualTo(1);
        assertThat(graph.count("SELECT count(*) FROM order_history WHERE order_id = ?", id)).isEqualTo(1);
        assertLedgerVerifies();
    }

    @Test
    void thirtyTwoApprovalsOfOneGameLoadCallTheProviderOnce() throws Exception {
        String player = newPlayer(10_000);
        long id = graph.submit("GAME_LOAD", player, 4_000, "Pusoy", null).id();
        int callsBefore = gameLoads.executeCalls();

        var outcomes = race(i -> graph.approvals.approve(id, DomainGraph.operator("approver-" + i), null));

        assertOnlyNotPendingRefusals(outcomes, 1);
        assertThat(outcomes).filteredOn(o -> o.refusal() == null).singleElement()
                .satisfies(o -> assertThat(o.value().order().status()).isEqualTo(OrderStatus.APPROVED_EXECUTED));
        assertThat(gameLoads.executeCalls() - callsBefore).isEqualTo(1);
        assertThat(gameLoads.executionsOf(id)).isEqualTo(1);
        assertThat(transactionsOf(id)).singleElement().satisfies(t -> {
            assertThat(t.idempotencyKey()).isEqualTo("order:" + id + ":hold:1");
            assertThat(t.status()).isEqualTo(TransactionStatus.POSTED);
        });
        assertThat(wallet(player)).isEqualTo(6_000);
        assertThat(graph.players.get(player).available()).isEqualTo(6_000);
        assertThat(graph.ledger.accounts(null, AccountCodes.houseGame("Pusoy", "USD"), null, 1).items()).singleElement()
                .satisfies(a -> assertThat(a.balance()).isGreaterThanOrEqualTo(4_000));
        assertThat(audits(id, "ORDER_APPROVE")).isEqualTo(1);
        assertThat(audits(id, "ORDER_EXECUTED")).isEqualTo(1);
        assertLedgerVerifies();
    }

    @Test
    void thirtyTwoApprovalsOfOneWithdrawalCallThePayoutProviderOnce() throws Exception {
        String player = newPlayer(3_000);
        long id = graph.submit("WITHDRAWAL", player, 2_500, null, null).id();
        int callsBefore = payouts.executeCalls();

        var outcomes = race(i -> graph.approvals.approve(id, DomainGraph.operator("approver-" + i), "payout"));

        assertOnlyNotPendingRefusals(outcomes, 1);
        assertThat(payouts.executeCalls() - callsBefore).isEqualTo(1);
        assertThat(payouts.executionsOf(id)).isEqualTo(1);
        assertThat(transactionsOf(id)).singleElement()
                .satisfies(t -> assertThat(t.status()).isEqualTo(TransactionStatus.POSTED));
        assertThat(wallet(player)).isEqualTo(500);
        assertThat(graph.orders.get(id).status()).isEqualTo(OrderStatus.APPROVED_EXECUTED);
        assertLedgerVerifies();
    }

    @Test
    void approversAndRejectersRacingOnOneWithdrawalProduceOneDecision() throws Exception {
        String player = newPlayer(3_000);
        long id = graph.submit("WITHDRAWAL", player, 1_000, null, null).id();
        int callsBefore = payouts.executeCalls();

        var outcomes = race(i -> i % 2 == 0
                ? graph.approvals.approve(id, DomainGraph.operator("approver-" + i), null).order().status()
                : graph.approvals.reject(id, DomainGraph.operator("rejecter-" + i), "looks odd").order().status());

        assertOnlyNotPendingRefusals(outcomes, 1);
        Order order = graph.orders.get(id);
        if (order.status() == OrderStatus.REJECTED) {
            assertThat(payouts.executeCalls() - callsBefore).isZero();
            assertThat(transactionsOf(id)).isEmpty();
            assertThat(wallet(player)).isEqualTo(3_000);
        } else {
            assertThat(order.status()).isEqualTo(OrderStatus.APPROVED_EXECUTED);
            assertThat(payouts.executeCalls() - callsBefore).isEqualTo(1);
            assertThat(transactionsOf(id)).hasSize(1);
            assertThat(wallet(player)).isEqualTo(2_000);
        }
        assertThat(graph.count("SELECT count(*) FROM order_history WHERE order_id = ? AND from_status = 'PENDING_REVIEW'", id))
                .isEqualTo(1);
        assertLedgerVerifies();
    }

    @Test
    void thirtyTwoRetriesOfAFailedGameLoadExecuteItOnce() throws Exception {
        String player = newPlayer(2_000);
        long id = graph.submit("GAME_LOAD", player, 1_500, "Tongits", null).id();
        gameLoads.behaveNext(CountingProvider.Behaviour.REFUSE);
        try {
            assertThat(graph.approvals.approve(id, DomainGraph.operator("approver"), null).order().status())
                    .isEqualTo(OrderStatus.APPROVED_FAILED);
        } finally {
            gameLoads.behaveNext(CountingProvider.Behaviour.SUCCEED);
        }
        assertThat(graph.players.get(player).available()).as("the failed attempt's hold is released").isEqualTo(2_000);
        int callsBefore = gameLoads.executeCalls();

        var outcomes = race(i -> graph.approvals.retry(id, DomainGraph.operator("supervisor-" + i)));

        assertOnlyNotPendingRefusals(outcomes, 1);
        assertThat(outcomes).filteredOn(o -> o.refusal() != null)
                .allSatisfy(o -> assertThat(o.refusal().code()).isEqualTo("ORDER_NOT_RETRYABLE"));
        assertThat(gameLoads.executeCalls() - callsBefore).isEqualTo(1);
        assertThat(gameLoads.executionsOf(id)).isEqualTo(1);
        assertThat(transactionsOf(id)).extracting(TransactionView::idempotencyKey, TransactionView::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("order:" + id + ":hold:1", TransactionStatus.VOIDED),
                        org.assertj.core.groups.Tuple.tuple("order:" + id + ":hold:2", TransactionStatus.POSTED));
        assertThat(wallet(player)).isEqualTo(500);
        assertLedgerVerifies();
    }

    @Test
    void thirtyTwoVoidsOfOneDepositReverseItOnce() throws Exception {
        String player = newPlayer(0);
        long id = graph.submit("DEPOSIT", player, 800, null, null).id();
        graph.approvals.approve(id, DomainGraph.operator("approver"), null);

        var outcomes = race(i -> graph.approvals.voidOrder(id, DomainGraph.operator("supervisor-" + i), "chargeback"));

        assertOnlyNotPendingRefusals(outcomes, 1);
        assertThat(outcomes).filteredOn(o -> o.refusal() != null)
                .allSatisfy(o -> assertThat(o.refusal().code()).isEqualTo("ORDER_NOT_VOIDABLE"));
        assertThat(transactionsOf(id)).extracting(TransactionView::kind).containsExactly("DEPOSIT", "REVERSAL");
        assertThat(wallet(player)).isZero();
        assertLedgerVerifies();
    }

    @Test
    void thirtyTwoIntakesWithOneKeyMakeOneOrder() throws Exception {
        String player = newPlayer(0);
        var request = new IntakeRequest("DEPOSIT", player, 1_234L, "USD", null, "GCASH", "PORTAL", null, null);

        var outcomes = race(i -> graph.intake.submit(request, "portal-key-" + player, DomainGraph.integration()));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.refusal()).isNull());
        assertThat(outcomes.stream().map(o -> o.value().order().id()).distinct()).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !o.value().duplicate())).hasSize(1);
        long id = outcomes.get(0).value().order().id();
        assertThat(graph.count("SELECT count(*) FROM orders WHERE idempotency_key = ?", "portal-key-" + player)).isEqualTo(1);
        assertThat(graph.count("SELECT count(*) FROM orders WHERE player_id = ?", player)).isEqualTo(1);
        assertThat(audits(id, "ORDER_CREATE")).isEqualTo(1);
        assertThat(events(id, "ORDER_CREATED")).isEqualTo(1);
    }

    @Test
    void thirtyTwoChatIntakesWithoutAKeyMakeOneGameLoad() throws Exception {
        // Chat orders without a client key get the deterministic SHA-256 key of DESIGN.md.
        String player = newPlayer(0);
        var request = new IntakeRequest("GAME_LOAD", player, 700L, "USD", "Pusoy", null, "CHAT", "conv-9", null);

        var outcomes = race(i -> graph.intake.submit(request, null, DomainGraph.integration()));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.refusal()).isNull());
        assertThat(outcomes.stream().map(o -> o.value().order().id()).distinct()).hasSize(1);
        assertThat(graph.count("SELECT count(*) FROM orders WHERE idempotency_key = ?",
                OrderIntakeService.chatKey(player, "conv-9", "Pusoy", 700))).isEqualTo(1);
    }
}
