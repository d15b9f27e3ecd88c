package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import teller.server.common.Actor;
import teller.server.common.ConflictException;
import teller.server.common.DomainException;
import teller.server.common.ForbiddenException;
import teller.server.ledger.InsufficientFundsException;
import teller.server.ledger.LedgerVerification;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.provider.ProviderKind;
import teller.server.support.CountingProvider;
import teller.server.support.CountingProvider.Behaviour;
import teller.server.support.DomainGraph;

/**
 * Random sequences of intake / approve / reject / retry / void / recovery across a few players,
 * run against the real services and PostgreSQL. After every step every ledger invariant must hold,
 * each order must be where a simple model says it is, and its ledger transactions must match its
 * status. One database serves all tries; each try works on its own players.
 */
class ApprovalLedgerPropertiesTest {
    private static final int PLAYERS_PER_TRY = 3;
    private static final long STARTING_BALANCE = 3_000;
    private static final String[] GAMES = {"Pusoy", "Tongits", "Lucky 9"};
    private static final String[] APPROVERS = {"op-a", "op-b"};
    private static final AtomicInteger TRIES = new AtomicInteger();

    private static CountingProvider gameLoads;
    private static CountingProvider payouts;
    private static DomainGraph graph;
    /** What the last step did, for the statistics jqwik prints (evidence that every path is exercised). */
    private static String outcome;

    @BeforeContainer
    static void start() {
        gameLoads = new CountingProvider(ProviderKind.GAME_LOAD);
        payouts = new CountingProvider(ProviderKind.PAYOUT);
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, gameLoads, ProviderKind.PAYOUT, payouts));
    }

    @AfterContainer
    static void stop() {
        graph.close();
    }

    // ------------------------------------------------------------------ actions

    enum Kind { INTAKE, RESUBMIT, APPROVE, REJECT, RETRY, VOID, RECOVER }

    /**
     * One step. {@code pick} chooses a player (INTAKE) or an order (modulo what exists),
     * {@code who} the acting operator, {@code behaviour} what the provider does next.
     */
    record Step(Kind kind, int pick, int who, long amount, int typeOrGame, Behaviour behaviour) {
        @Override
        public String toString() {
            return kind + "(pick=" + pick + ", who=" + who + ", amount=" + amount + ", t=" + typeOrGame + ", " + behaviour + ")";
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, Kind.INTAKE), net.jqwik.api.Tuple.of(1, Kind.RESUBMIT),
                net.jqwik.api.Tuple.of(7, Kind.APPROVE), net.jqwik.api.Tuple.of(1, Kind.REJECT),
                net.jqwik.api.Tuple.of(2, Kind.RETRY), net.jqwik.api.Tuple.of(2, Kind.VOID),
                net.jqwik.api.Tuple.of(2, Kind.RECOVER));
        Arbitrary<Behaviour> behaviours = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(4, Behaviour.SUCCEED), net.jqwik.api.Tuple.of(2, Behaviour.REFUSE),
                net.jqwik.api.Tuple.of(2, Behaviour.EXECUTE_BUT_LOSE_ANSWER), net.jqwik.api.Tuple.of(2, Behaviour.LOSE_REQUEST));
        // Uniform, not jqwik's default bias towards small numbers: every player, type and game equally likely.
        Arbitrary<Step> step = Combinators.combine(kinds, uniform(0, 1_000), uniform(0, 4),
                uniform(1, 60).map(n -> n * 100L), uniform(0, 8), behaviours).as(Step::new);
        // At most 40 steps: at most 20 orders can be EXECUTING, one recovery batch settles them all.
        return step.list().ofMinSize(20).ofMaxSize(36);
    }

    private static Arbitrary<Integer> uniform(int min, int max) {
        return Arbitraries.integers().between(min, max).withDistribution(RandomDistribution.uniform());
    }

    // ------------------------------------------------------------------ the model

    enum ProviderState { UNSEEN, EXECUTED }

    static final class ModelOrder {
        final long id;
        final OrderType type;
        final String player;
        final long amount;
        final String maker;
        final String key;
        OrderStatus status = OrderStatus.PENDING_REVIEW;
        int attempts;
        ProviderState provider = ProviderState.UNSEEN;

        ModelOrder(long id, OrderType type, String player, long amount, String maker, String key) {
            this.id = id;
            this.type = type;
            this.player = player;
            this.amount = amount;
            this.maker = maker;
            this.key = key;
        }
    }

    static final class Model {
        final String prefix;
        final List<String> players = new ArrayList<>();
        final List<ModelOrder> orders = new ArrayList<>();
        final Map<String, Long> balance = new HashMap<>();
        final Map<String, Long> held = new HashMap<>();

        Model(String prefix) {
            this.prefix = prefix;
        }

        long available(String player) {
            return balance.get(player) - held.get(player);
        }

        void add(Map<String, Long> map, String player, long delta) {
            map.merge(player, delta, Long::sum);
        }
    }

    // ------------------------------------------------------------------ the property

    // No edge-case mixing: it would flood sequences with the first and last action kinds.
    @Property(tries = 30, edgeCases = EdgeCasesMode.NONE)
    void everyLedgerInvariantHoldsAfterEveryStep(@ForAll("steps") List<Step> steps) {
        Model model = new Model("pt" + TRIES.incrementAndGet() + "-");
        for (int i = 0; i < PLAYERS_PER_TRY; i++) {
            String id = model.prefix + i;
            graph.player(id, "USD");
            // A starting balance (through a real approved deposit) so spending is possible from step one.
            graph.fund(id, STARTING_BALANCE);
            model.players.add(id);
            model.balance.put(id, STARTING_BALANCE);
            model.held.put(id, 0L);
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String where = "step " + i + " " + step;
            outcome = step.kind() + " skipped";
            apply(model, step, where);
            Statistics.label("step outcomes").collect(outcome);
            checkInvariants(model, where);
        }
        // Recovery with a healthy provider leaves nothing EXECUTING.
        recover(model, Behaviour.SUCCEED);
        checkInvariants(model, "final recovery");
        assertThat(model.orders).noneMatch(o -> o.status == OrderStatus.EXECUTING);
        var audit = graph.auditLog.verify();
        assertThat(audit.intact()).as("audit chain: %s", audit.problem()).isTrue();
    }

    private void apply(Model model, Step step, String where) {
        String approver = APPROVERS[step.who() % APPROVERS.length];
        Actor actor = DomainGraph.operator(approver);
        ModelOrder order = switch (step.kind()) {
            case APPROVE, REJECT -> choose(model, step, OrderStatus.PENDING_REVIEW);
            case RETRY -> choose(model, step, OrderStatus.APPROVED_FAILED);
            case VOID -> choose(model, step, OrderStatus.APPROVED_EXECUTED);
            default -> choose(model, step, null);
        };
        switch (step.kind()) {
            case INTAKE -> intake(model, step);
            case RESUBMIT -> {
                if (order != null) {
                    resubmit(order, where);
                }
            }
            case APPROVE -> {
                if (order != null) {
                    decide(model, order, step.behaviour(), where, false, actor);
                }
            }
            case RETRY -> {
                if (order != null) {
                    decide(model, order, step.behaviour(), where, true, actor);
                }
            }
            case REJECT -> {
                if (order != null) {
                    reject(order, actor, where);
                }
            }
            case VOID -> {
                if (order != null) {
                    voidOrder(model, order, actor, where);
                }
            }
            case RECOVER -> recover(model, step.behaviour());
        }
    }

    /**
     * Two picks in three go to an order in the state the action expects (when there is one), so
     * sequences reach deep states; the rest pick any order, so refusals are exercised too.
     */
    private static ModelOrder choose(Model model, Step step, OrderStatus preferred) {
        if (model.orders.isEmpty()) {
            return null;
        }
        if (preferred != null && step.pick() % 3 != 0) {
            List<ModelOrder> candidates = model.orders.stream().filter(o -> o.status == preferred).toList();
            if (!candidates.isEmpty()) {
                return candidates.get(step.pick() % candidates.size());
            }
        }
        return model.orders.get(step.pick() % model.orders.size());
    }

    private void intake(Model model, Step step) {
        String player = model.players.get(step.pick() % model.players.size());
        OrderType type = step.typeOrGame() < 4 ? OrderType.DEPOSIT
                : step.typeOrGame() < 7 ? OrderType.GAME_LOAD : OrderType.WITHDRAWAL;
        String game = type == OrderType.GAME_LOAD ? GAMES[step.typeOrGame() % GAMES.length] : null;
        // Some orders are keyed in by an operator, who then may not approve them.
        String maker = step.who() == 0 ? APPROVERS[0] : null;
        long amount = step.amount();
        String key = model.prefix + "k" + model.orders.size();
        Actor by = maker == null ? DomainGraph.integration() : DomainGraph.operator(maker);
        var submitted = graph.intake.submit(request(type, player, amount, game), key, by);
        assertThat(submitted.duplicate()).isFalse();
        assertThat(submitted.order().status()).isEqualTo(OrderStatus.PENDING_REVIEW);
        outcome = "INTAKE " + type + (maker == null ? "" : " by an operator");
        model.orders.add(new ModelOrder(submitted.order().id(), type, player, amount, maker, key));
    }

    private static teller.server.orders.IntakeRequest request(OrderType type, String player, long amount, String game) {
        return new teller.server.orders.IntakeRequest(type.name(), player, amount, "USD", game, null, "API", null, null);
    }

    private void resubmit(ModelOrder order, String where) {
        String game = graph.orders.get(order.id).gameName();
        Actor by = order.maker == null ? DomainGraph.integration() : DomainGraph.operator(order.maker);
        var again = graph.intake.submit(request(order.type, order.player, order.amount, game), order.key, by);
        assertThat(again.duplicate()).as(where).isTrue();
        assertThat(again.order().id()).as(where).isEqualTo(order.id);
        outcome = "RESUBMIT -> same order";
    }

    private void decide(Model model, ModelOrder order, Behaviour behaviour, String where, boolean retry, Actor actor) {
        CountingProvider provider = order.type == OrderType.WITHDRAWAL ? payouts : gameLoads;
        provider.behaveNext(behaviour);
        DomainException refusal = null;
        ApprovalResult result = null;
        try {
            result = retry ? graph.approvals.retry(order.id, actor) : graph.approvals.approve(order.id, actor, null);
        } catch (DomainException e) {
            refusal = e;
        }
        OrderStatus required = retry ? OrderStatus.APPROVED_FAILED : OrderStatus.PENDING_REVIEW;
        outcome = step(retry) + " " + order.type + " -> ";
        if (actor.id().equals(order.maker)) {
            assertThat(refusal).as(where).isInstanceOf(ForbiddenException.class);
            outcome += "refused: self-approval";
            return;
        }
        if (order.status != required) {
            outcome += "refused: wrong state";
            assertThat(refusal).as(where).isInstanceOf(ConflictException.class);
            assertThat(refusal.code()).as(where).isEqualTo(retry ? "ORDER_NOT_RETRYABLE" : "ORDER_NOT_PENDING");
            return;
        }
        if (order.type == OrderType.DEPOSIT) {
            assertThat(refusal).as(where).isNull();
            order.status = OrderStatus.APPROVED_EXECUTED;
            order.attempts = 1;
            model.add(model.balance, order.player, order.amount);
        } else if (model.available(order.player) < order.amount) {
            assertThat(refusal).as(where).isInstanceOf(InsufficientFundsException.class);
            outcome += "refused: insufficient funds";
            return;
        } else {
            assertThat(refusal).as(where).isNull();
            order.attempts++;
            order.provider = ProviderState.UNSEEN;
            execute(model, order, behaviour);
        }
        outcome += order.status;
        assertThat(result.order().status()).as(where).isEqualTo(order.status);
        assertThat(result.inFlight()).as(where).isEqualTo(order.status == OrderStatus.EXECUTING);
    }

    private static String step(boolean retry) {
        return retry ? "RETRY" : "APPROVE";
    }

    /** The model of one provider call for an order whose hold is in place (or about to be). */
    private void execute(Model model, ModelOrder order, Behaviour behaviour) {
        boolean wasExecuting = order.status == OrderStatus.EXECUTING;
        if (!wasExecuting) {
            model.add(model.held, order.player, order.amount);
            order.status = OrderStatus.EXECUTING;
        }
        switch (behaviour) {
            case SUCCEED -> settle(model, order, true);
            case REFUSE -> settle(model, order, false);
            case EXECUTE_BUT_LOSE_ANSWER -> order.provider = ProviderState.EXECUTED;
            case LOSE_REQUEST -> {
                // nothing happened anywhere; the order waits for recovery
            }
        }
    }

    private void settle(Model model, ModelOrder order, boolean executed) {
        model.add(model.held, order.player, -order.amount);
        if (executed) {
            model.add(model.balance, order.player, -order.amount);
            order.status = OrderStatus.APPROVED_EXECUTED;
        } else {
            order.status = OrderStatus.APPROVED_FAILED;
        }
    }

    private void reject(ModelOrder order, Actor actor, String where) {
        DomainException refusal = null;
        try {
            graph.approvals.reject(order.id, actor, "not convinced");
        } catch (DomainException e) {
            refusal = e;
        }
        if (order.status == OrderStatus.PENDING_REVIEW) {
            assertThat(refusal).as(where).isNull();
            order.status = OrderStatus.REJECTED;
            outcome = "REJECT -> REJECTED";
        } else {
            assertThat(refusal).as(where).isInstanceOf(ConflictException.class);
            outcome = "REJECT -> refused: wrong state";
        }
    }

    private void voidOrder(Model model, ModelOrder order, Actor actor, String where) {
        DomainException refusal = null;
        try {
            graph.approvals.voidOrder(order.id, actor, "reversed in a test");
        } catch (DomainException e) {
            refusal = e;
        }
        if (order.status != OrderStatus.APPROVED_EXECUTED) {
            assertThat(refusal).as(where).isInstanceOf(ConflictException.class);
            assertThat(refusal.code()).as(where).isEqualTo("ORDER_NOT_VOIDABLE");
            outcome = "VOID -> refused: wrong state";
        } else if (order.type == OrderType.DEPOSIT && model.available(order.player) < order.amount) {
            // The deposit was spent (or is held): reversing it would overdraw the wallet.
            assertThat(refusal).as(where).isInstanceOf(InsufficientFundsException.class);
            outcome = "VOID DEPOSIT -> refused: insufficient funds";
        } else {
            assertThat(refusal).as(where).isNull();
            outcome = "VOID " + order.type + " -> VOIDED";
            order.status = OrderStatus.VOIDED;
            model.add(model.balance, order.player, order.type == OrderType.DEPOSIT ? -order.amount : order.amount);
        }
    }

    private void recover(Model model, Behaviour behaviour) {
        gameLoads.behaveNext(behaviour);
        payouts.behaveNext(behaviour);
        graph.clock.advance(DomainGraph.EXECUTION_LEASE.plus(Duration.ofSeconds(1)));
        graph.approvals.recoverExpired();
        int executing = 0;
        for (ModelOrder order : model.orders) {
            if (order.status != OrderStatus.EXECUTING) {
                continue;
            }
            executing++;
            if (order.provider == ProviderState.EXECUTED) {
                settle(model, order, true);
            } else {
                execute(model, order, behaviour);
            }
        }
        outcome = executing == 0 ? "RECOVER -> nothing to do" : "RECOVER -> " + behaviour + " for EXECUTING order(s)";
    }

    // ------------------------------------------------------------------ invariants

    private void checkInvariants(Model model, String where) {
        LedgerVerification verification = graph.ledger.verify();
        assertThat(verification.discrepancies()).as("verify after %s", where).isEmpty();
        assertThat(verification.balanced()).as(where).isTrue();

        // Re-stated independently of verify: zero-sum transactions, balances = posted entries, holds = pending entries.
        assertThat(graph.count("""
                SELECT count(*) FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id
                                      HAVING sum(amount) <> 0 OR count(*) < 2) t""")).as("unbalanced, " + where).isZero();
        assertThat(graph.count("""
                SELECT count(*) FROM account_totals a
                  LEFT JOIN (SELECT e.account_id,
                                    coalesce(sum(e.amount) FILTER (WHERE t.status = 'POSTED'), 0) AS posted,
                                    coalesce(sum(e.amount) FILTER (WHERE t.status = 'PENDING' AND e.amount > 0), 0) AS pd,
                                    coalesce(-sum(e.amount) FILTER (WHERE t.status = 'PENDING' AND e.amount < 0), 0) AS pc
                               FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
                              GROUP BY e.account_id) s ON s.account_id = a.id
                 WHERE a.posted <> coalesce(s.posted, 0) OR a.pending_debits <> coalesce(s.pd, 0)
                    OR a.pending_credits <> coalesce(s.pc, 0)""")).as("balances vs entries, " + where).isZero();
        assertThat(graph.count("""
                SELECT count(*) FROM account_totals WHERE code LIKE 'player:%:wallet'
                   AND (-posted < 0 OR -posted - pending_debits < 0)""")).as("negative wallet, " + where).isZero();

        for (String player : model.players) {
            var account = graph.players.get(player);
            assertThat(account.balance()).as("balance of %s after %s", player, where).isEqualTo(model.balance.get(player));
            assertThat(account.available()).as("available of %s after %s", player, where)
                    .isEqualTo(model.available(player)).isGreaterThanOrEqualTo(0);
        }
        Map<Long, List<Tx>> ledgerOf = transactionsOfTry(model);
        for (ModelOrder expected : model.orders) {
            Order actual = graph.orders.get(expected.id);
            String context = "order " + expected.id + " (" + expected.type + ") after " + where;
            assertThat(actual.status()).as(context).isEqualTo(expected.status);
            assertThat(actual.execution().attempts()).as(context).isEqualTo(expected.attempts);
            checkLedgerMatchesStatus(expected, actual, ledgerOf.getOrDefault(expected.id, List.of()), context);
            CountingProvider provider = expected.type == OrderType.WITHDRAWAL ? payouts : gameLoads;
            boolean executedAtProvider = expected.type != OrderType.DEPOSIT
                    && (expected.status == OrderStatus.APPROVED_EXECUTED || expected.status == OrderStatus.VOIDED
                        || expected.provider == ProviderState.EXECUTED);
            assertThat(provider.executionsOf(expected.id)).as("provider executions of " + context)
                    .isEqualTo(executedAtProvider ? 1 : 0);
        }
    }

    /** A ledger transaction of an order, with the signed amount it put on the player's wallet. */
    record Tx(long id, String key, String kind, String status, Long reverses, long walletAmount) {
    }

    private Map<Long, List<Tx>> transactionsOfTry(Model model) {
        List<Map.Entry<Long, Tx>> rows = graph.jdbi().withHandle(h -> h.createQuery("""
                        SELECT t.order_id, t.id, t.idempotency_key, t.kind, t.status, t.reverses_id,
                               coalesce(sum(e.amount) FILTER (WHERE a.code LIKE 'player:%'), 0) AS wallet_amount
                          FROM ledger_transactions t
                          JOIN orders o ON o.id = t.order_id
                          JOIN ledger_entries e ON e.transaction_id = t.id
                          JOIN accounts a ON a.id = e.account_id
                         WHERE o.player_id LIKE :prefix
                         GROUP BY t.id ORDER BY t.id""")
                .bind("prefix", model.prefix + "%")
                .map((rs, ctx) -> Map.entry(rs.getLong("order_id"), new Tx(rs.getLong("id"), rs.getString("idempotency_key"),
                        rs.getString("kind"), rs.getString("status"), (Long) rs.getObject("reverses_id", Long.class),
                        rs.getLong("wallet_amount"))))
                .list());
        Map<Long, List<Tx>> byOrder = new LinkedHashMap<>();
        rows.forEach(r -> byOrder.computeIfAbsent(r.getKey(), k -> new ArrayList<>()).add(r.getValue()));
        return byOrder;
    }

    private static void checkLedgerMatchesStatus(ModelOrder expected, Order actual, List<Tx> txs, String context) {
        switch (expected.status) {
            case PENDING_REVIEW, REJECTED -> assertThat(txs).as("no money moves for " + context).isEmpty();
            default -> {
                if (expected.type == OrderType.DEPOSIT) {
                    checkDeposit(expected, actual, txs, context);
                } else {
                    checkHolds(expected, actual, txs, context);
                }
            }
        }
    }

    private static void checkDeposit(ModelOrder expected, Order actual, List<Tx> txs, String context) {
        assertThat(txs).as(context).isNotEmpty();
        Tx deposit = txs.get(0);
        assertThat(deposit.kind()).as(context).isEqualTo("DEPOSIT");
        assertThat(deposit.status()).as(context).isEqualTo("POSTED");
        assertThat(deposit.walletAmount()).as(context).isEqualTo(-expected.amount);
        assertThat(actual.execution().postingTransactionId()).as(context).isEqualTo(deposit.id());
        checkReversal(expected, actual, txs, deposit, 1, context);
    }

    private static void checkHolds(ModelOrder expected, Order actual, List<Tx> txs, String context) {
        List<Tx> holds = txs.stream().filter(t -> t.key().startsWith("order:" + expected.id + ":hold:")).toList();
        assertThat(holds).as("one hold per attempt, " + context).hasSize(expected.attempts);
        for (int i = 0; i < holds.size(); i++) {
            Tx hold = holds.get(i);
            assertThat(hold.key()).as(context).isEqualTo("order:" + expected.id + ":hold:" + (i + 1));
            assertThat(hold.walletAmount()).as(context).isEqualTo(expected.amount);
            if (i < holds.size() - 1) {
                assertThat(hold.status()).as("earlier attempts are voided, " + context).isEqualTo("VOIDED");
            }
        }
        Tx last = holds.get(holds.size() - 1);
        assertThat(actual.execution().holdTransactionId()).as(context).isEqualTo(last.id());
        switch (expected.status) {
            case EXECUTING -> assertThat(last.status()).as(context).isEqualTo("PENDING");
            case APPROVED_FAILED -> assertThat(last.status()).as(context).isEqualTo("VOIDED");
            case APPROVED_EXECUTED, VOIDED -> {
                assertThat(last.status()).as(context).isEqualTo("POSTED");
                assertThat(actual.execution().postingTransactionId()).as(context).isEqualTo(last.id());
            }
            default -> throw new AssertionError("unexpected status in " + context);
        }
        checkReversal(expected, actual, txs, last, holds.size(), context);
    }

    private static void checkReversal(ModelOrder expected, Order actual, List<Tx> txs, Tx posting, int before, String context) {
        if (expected.status == OrderStatus.VOIDED) {
            assertThat(txs).as(context).hasSize(before + 1);
            Tx reversal = txs.get(before);
            assertThat(reversal.kind()).as(context).isEqualTo("REVERSAL");
            assertThat(reversal.status()).as(context).isEqualTo("POSTED");
            assertThat(reversal.reverses()).as(context).isEqualTo(posting.id());
            assertThat(reversal.walletAmount()).as(context).isEqualTo(-posting.walletAmount());
            assertThat(actual.execution().reversalTransactionId()).as(context).isEqualTo(reversal.id());
        } else {
            assertThat(txs).as("nothing beyond the posting, " + context).hasSize(before);
        }
    }
}
