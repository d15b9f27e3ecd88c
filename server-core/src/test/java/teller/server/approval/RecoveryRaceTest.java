package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ledger.TransactionStatus;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;
import teller.server.provider.ProviderKind;
import teller.server.support.CountingProvider;
import teller.server.support.DomainGraph;

/**
 * Recovery meets live executions: the original call still in flight when the lease runs out, and
 * two recovery workers (two replicas) at once. Each order is still executed and settled once.
 */
class RecoveryRaceTest {
    private static CountingProvider gameLoads;
    private static CountingProvider payouts;
    private static DomainGraph graph;

    @BeforeAll
    static void start() {
        gameLoads = new CountingProvider(ProviderKind.GAME_LOAD);
        payouts = new CountingProvider(ProviderKind.PAYOUT);
        // Approvals answer almost at once (202-style), so the test can act while the provider works.
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, gameLoads, ProviderKind.PAYOUT, payouts),
                Duration.ofMillis(50));
        graph.player("frank", "USD");
        graph.fund("frank", 100_000);
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    private static long settledAudits(long orderId) {
        return graph.count("SELECT count(*) FROM audit_log WHERE resource_id = ? AND action IN"
                + " ('ORDER_EXECUTED', 'ORDER_EXECUTION_FAILED')", String.valueOf(orderId));
    }

    private static void awaitStatus(long orderId, OrderStatus wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (graph.orders.get(orderId).status() != wanted) {
            assertThat(System.nanoTime()).as("order %d never became %s", orderId, wanted).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void recoveryWhileTheOriginalCallIsStillRunningSettlesOnce() throws Exception {
        gameLoads.delayEachCall(1_500);
        try {
            long id = graph.submit("GAME_LOAD", "frank", 1_000, "Pusoy", null).id();
            ApprovalResult answer = graph.approvals.approve(id, DomainGraph.operator("op-1"), null);
            assertThat(answer.inFlight()).isTrue();
            assertThat(answer.order().status()).isEqualTo(OrderStatus.EXECUTING);

            // The lease runs out while the provider is still working on the first call.
            graph.clock.advance(DomainGraph.EXECUTION_LEASE.plusSeconds(1));
            int settledByRecovery = graph.approvals.recoverExpired();
            awaitStatus(id, OrderStatus.APPROVED_EXECUTED);

            assertThat(settledByRecovery).isBetween(0, 1);
            assertThat(gameLoads.executionsOf(id)).isEqualTo(1);
            assertThat(gameLoads.executeCalls()).as("the same key may be sent twice, never a new one").isLessThanOrEqualTo(2);
            Order order = graph.orders.get(id);
            assertThat(order.execution().attempts()).isEqualTo(1);
            assertThat(graph.tx.read(() -> graph.ledgerStore.transactionIdsOfOrder(id))).singleElement()
                    .satisfies(t -> assertThat(graph.ledger.transaction(t).status()).isEqualTo(TransactionStatus.POSTED));
            // The late second answer must not settle again.
            Thread.sleep(1_700);
            assertThat(settledAudits(id)).isEqualTo(1);
            assertThat(graph.count("SELECT count(*) FROM order_history WHERE order_id = ? AND from_status = 'EXECUTING'", id))
                    .isEqualTo(1);
            assertThat(graph.ledger.verify().discrepancies()).isEmpty();
        } finally {
            gameLoads.delayEachCall(0);
        }
    }

    @Test
    void twoRecoveryWorkersNeverSettleOneOrderTwice() throws Exception {
        payouts.behaveNext(CountingProvider.Behaviour.LOSE_REQUEST);
        int callsAtStart = payouts.executeCalls();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long id = graph.submit("WITHDRAWAL", "frank", 100 + i, null, null).id();
            graph.approvals.approve(id, DomainGraph.operator("op-1"), null);
            ids.add(id);
        }
        // Every first call must have been lost before the provider turns healthy, or a late one would execute.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (payouts.executeCalls() < callsAtStart + ids.size()) {
            assertThat(System.nanoTime()).as("first calls never reached the provider").isLessThan(deadline);
            Thread.sleep(20);
        }
        for (long id : ids) {
            awaitStatus(id, OrderStatus.EXECUTING);
        }
        int callsBefore = payouts.executeCalls();
        payouts.behaveNext(CountingProvider.Behaviour.SUCCEED);
        payouts.delayEachCall(100);
        graph.clock.advance(DomainGraph.EXECUTION_LEASE.plusSeconds(1));

        ExecutorService replicas = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> settled = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                settled.add(replicas.submit(() -> {
                    go.await();
                    return graph.approvals.recoverExpired();
                }));
            }
            go.countDown();
            assertThat(settled.get(0).get() + settled.get(1).get()).isEqualTo(ids.size());
        } finally {
            payouts.delayEachCall(0);
            replicas.shutdownNow();
        }
        assertThat(payouts.executeCalls() - callsBefore).as("each key re-sent by exactly one worker").isEqualTo(ids.size());
        for (long id : ids) {
            assertThat(graph.orders.get(id).status()).isEqualTo(OrderStatus.APPROVED_EXECUTED);
            assertThat(payouts.executionsOf(id)).isEqualTo(1);
            assertThat(settledAudits(id)).isEqualTo(1);
        }
        assertThat(graph.ledger.verify().discrepancies()).isEmpty();
    }
}
