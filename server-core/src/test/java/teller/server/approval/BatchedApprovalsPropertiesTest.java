package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import teller.server.common.Actor;
import teller.server.common.DomainException;
import teller.server.db.PgClaimOwners;
import teller.server.db.PgIdempotencyRecords;
import teller.server.ledger.LedgerVerification;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.provider.ProviderKind;
import teller.server.support.CountingProvider;
import teller.server.support.CountingProvider.Behaviour;
import teller.server.support.DomainGraph;

/**
 * Bursts of concurrent approvals, retries and voids of deposits, game loads and withdrawals, so
 * deposit approvals meet in the same group-commit batch (duplicates of one order and one
 * Idempotency-Key included, decision 0102). Concurrency makes the order of a burst's actions
 * unknown, so the checks after every burst are ones that hold whatever the order: the ledger
 * verifies, each order's ledger rows match its status, each wallet equals its starting balance plus
 * what its orders' statuses say moved, an order is approved at most once per attempt, and no
 * Idempotency-Key is left claimed without an answer.
 */
class BatchedApprovalsPropertiesTest {
    private static final int PLAYERS_PER_TRY = 2;
    private static final long STARTING_BALANCE = 5_000;
    private static final AtomicInteger TRIES = new AtomicInteger();
    private static final AtomicInteger KEYS = new AtomicInteger();

    private static CountingProvider gameLoads;
    private static CountingProvider payouts;
    private static DomainGraph graph;
    private static PgClaimOwners owners;
    private static PgIdempotencyRecords records;
    private static ExecutorService pool;

    @BeforeContainer
    static void start() {
        gameLoads = new CountingProvider(ProviderKind.GAME_LOAD);
        payouts = new CountingProvider(ProviderKind.PAYOUT);
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, gameLoads, ProviderKind.PAYOUT, payouts));
        owners = new PgClaimOwners(graph.database);
        records = new PgIdempotencyRecords(graph.tx, owners);
        pool = Executors.newFixedThreadPool(6);
    }

    @AfterContainer
    static void stop() {
        pool.shutdownNow();
        owners.close();
        graph.close();
    }

    enum Kind { APPROVE, APPROVE_WITH_KEY, SAME_KEY_TWICE, RETRY, VOID }

    record Action(Kind kind, int pick) {
    }

    /** New orders (type index, amount) entered before the burst, then the burst's concurrent actions. */
    record Burst(List<Integer> newOrders, List<Action> actions, boolean providersSucceed) {
    }

    @Provide
    Arbitrary<List<Burst>> bursts() {
        Arbitrary<Action> action = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 99))
                .as(Action::new);
        Arbitrary<Burst> burst = Combinators.combine(Arbitraries.integers().between(0, 8).list().ofMaxSize(4),
                action.list().ofMinSize(2).ofMaxSize(6), Arbitraries.of(true, true, false)).as(Burst::new);
        return burst.list().ofMinSize(3).ofMaxSize(6);
    }

    @Property(tries = 6, edgeCases = EdgeCasesMode.NONE)
    void theLedgerHoldsAfterEveryBurstOfBatchedDecisions(@ForAll("bursts") List<Burst> bursts) throws Exception {
        String prefix = "bt" + TRIES.incrementAndGet() + "-";
        List<String> players = new ArrayList<>();
        for (int i = 0; i < PLAYERS_PER_TRY; i++) {
            graph.player(prefix + i, "USD");
            graph.fund(prefix + i, STARTING_BALANCE);
            players.add(prefix + i);
        }
        List<Long> orders = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int b = 0; b < bursts.size(); b++) {
            Burst burst = bursts.get(b);
            for (int n = 0; n < burst.newOrders().size(); n++) {
                int t = burst.newOrders().get(n);
                OrderType type = t < 4 ? OrderType.DEPOSIT : t < 7 ? OrderType.GAME_LOAD : OrderType.WITHDRAWAL;
                orders.add(graph.submit(type.name(), players.get((b + n) % players.size()), 500L + 100L * t,
                        type == OrderType.GAME_LOAD ? "Pusoy" : null, prefix + "o" + orders.size()).id());
            }
            if (orders.isEmpty()) {
                continue;
            }
            Behaviour behaviour = burst.providersSucceed() ? Behaviour.SUCCEED : Behaviour.REFUSE;
            gameLoads.behaveNext(behaviour);
            payouts.behaveNext(behaviour);
            Map<Long, OrderStatus> before = statuses(orders);
            List<Callable<Long>> calls = new ArrayList<>();
            for (Action action : burst.actions()) {
                long id = orders.get(action.pick() % orders.size());
                Actor actor = DomainGraph.operator(action.pick() % 2 == 0 ? "op-a" : "op-b");
                switch (action.kind()) {
                    case APPROVE -> calls.add(() -> approvedOrNull(() -> graph.approvals.approve(id, actor, null), id));
                    case APPROVE_WITH_KEY -> {
                        String key = prefix + "key" + KEYS.incrementAndGet();
                        keys.add(key);
                        calls.add(() -> recorded(id, actor, key));
                    }
                    case SAME_KEY_TWICE -> {
                        String key = prefix + "key" + KEYS.incrementAndGet();
                        keys.add(key);
                        calls.add(() -> recorded(id, actor, key));
                        calls.add(() -> recorded(id, actor, key));
                    }
                    case RETRY -> calls.add(() -> approvedOrNull(() -> graph.approvals.retry(id, actor), id));
                    case VOID -> calls.add(() -> {
                        try {
                            graph.approvals.voidOrder(id, actor, "reversed in a test");
                        } catch (DomainException refused) {
                            // refusals are expected; the invariants below judge what happened
                        }
                        return null;
                    });
                }
            }
            List<Long> approved = new ArrayList<>();
            for (Future<Long> f : pool.invokeAll(calls)) {
                if (f.get() != null) {
                    approved.add(f.get());
                }
            }
            String where = "burst " + b + " " + burst;
            // An order leaves PENDING_REVIEW once: at most one approve of a pending order succeeds per burst.
            for (long id : orders) {
                long successes = approved.stream().filter(a -> a == id).count();
                if (before.get(id) == OrderStatus.PENDING_REVIEW) {
                    assertThat(successes).as("approvals of order %d in %s", id, where).isLessThanOrEqualTo(1);
                }
            }
            checkInvariants(prefix, players, orders, keys, where);
        }
    }

    private interface Decision {
        ApprovalResult run();
    }

    /** The order id when the call changed the order's state through an approval, else null (refused or replayed). */
    private static Long approvedOrNull(Decision decision, long id) {
        try {
            decision.run();
            return id;
        } catch (DomainException refused) {
            return null;
        }
    }

    private static Long recorded(long id, Actor actor, String key) {
        var receipt = TestReceipts.of(records, "test:" + actor.id(), key, id);
        try {
            var batched = graph.approvals.approveRecorded(id, actor, null, receipt);
            return switch (batched.kind()) {
                case APPROVED, FIRST_APPROVAL_RECORDED, EXECUTION_BEGUN -> id;
                case ALREADY_RECORDED -> null;
            };
        } catch (DomainException refused) {
            return null;
        }
    }

    private static Map<Long, OrderStatus> statuses(List<Long> orders) {
        Map<Long, OrderStatus> statuses = new java.util.HashMap<>();
        for (long id : orders) {
            statuses.put(id, graph.orders.get(id).status());
        }
        return statuses;
    }

    private static void checkInvariants(String prefix, List<String> players, List<Long> orders, List<String> keys,
                                        String where) {
        LedgerVerification verification = graph.ledger.verify();
        assertThat(verification.discrepancies()).as("verify after %s", where).isEmpty();
        assertThat(verification.balanced()).as(where).isTrue();
        assertThat(graph.count("""
                SELECT count(*) FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id
                                      HAVING sum(amount) <> 0 OR count(*) < 2) t""")).as("unbalanced, " + where).isZero();
        assertThat(graph.count("""
                SELECT count(*) FROM account_totals WHERE code LIKE 'player:%:wallet'
                   AND (-posted < 0 OR -posted - pending_debits < 0)""")).as("negative wallet, " + where).isZero();

        Map<String, Long> expectedBalance = new java.util.HashMap<>();
        Map<String, Long> expectedHeld = new java.util.HashMap<>();
        players.forEach(p -> {
            expectedBalance.put(p, STARTING_BALANCE);
            expectedHeld.put(p, 0L);
        });
        for (long id : orders) {
            Order order = graph.orders.get(id);
            String context = "order " + id + " (" + order.type() + ", " + order.status() + ") after " + where;
            long postings = graph.count("SELECT count(*) FROM ledger_transactions WHERE order_id = ? AND status = 'POSTED'"
                    + " AND reverses_id IS NULL AND kind <> 'REVERSAL'", id);
            long reversals = graph.count("SELECT count(*) FROM ledger_transactions WHERE order_id = ? AND reverses_id IS NOT NULL",
                    id);
            long pending = graph.count("SELECT count(*) FROM ledger_transactions WHERE order_id = ? AND status = 'PENDING'", id);
            long sign = order.type() == OrderType.DEPOSIT ? 1 : -1;
            switch (order.status()) {
                case PENDING_REVIEW, REJECTED, APPROVED_FAILED -> {
                    assertThat(postings).as(context).isZero();
                    assertThat(pending).as(context).isZero();
                }
                case EXECUTING -> {
                    assertThat(pending).as("one hold, " + context).isEqualTo(1);
                    expectedHeld.merge(order.playerId(), order.amount(), Long::sum);
                }
                case APPROVED_EXECUTED -> {
                    assertThat(postings).as("one posting, " + context).isEqualTo(1);
                    assertThat(reversals).as(context).isZero();
                    assertThat(order.execution().postingTransactionId()).as(context).isNotNull();
                    expectedBalance.merge(order.playerId(), sign * order.amount(), Long::sum);
                }
                case VOIDED -> {
                    assertThat(postings).as(context).isEqualTo(1);
                    assertThat(reversals).as("one reversal, " + context).isEqualTo(1);
                }
                default -> throw new AssertionError("unexpected status in " + context);
            }
        }
        for (String player : players) {
            var account = graph.players.get(player);
            assertThat(account.balance()).as("balance of %s after %s", player, where).isEqualTo(expectedBalance.get(player));
            assertThat(account.available()).as("available of %s after %s", player, where)
                    .isEqualTo(expectedBalance.get(player) - expectedHeld.get(player));
        }
        for (String key : keys) {
            assertThat(graph.count("SELECT count(*) FROM idempotency_records WHERE key = ? AND status_code IS NULL", key))
                    .as("key %s left claimed without an answer after %s", key, where).isZero();
            assertThat(graph.count("SELECT count(*) FROM idempotency_records WHERE key = ?", key))
                    .as("key %s after %s", key, where).isLessThanOrEqualTo(1);
        }
        assertThat(graph.count("SELECT count(*) FROM orders WHERE player_id LIKE ? AND status = 'APPROVED_EXECUTED'"
                + " AND type = 'DEPOSIT' AND posting_transaction_id IS NULL", prefix + "%"))
                .as("executed deposits without a posting, " + where).isZero();
    }
}
