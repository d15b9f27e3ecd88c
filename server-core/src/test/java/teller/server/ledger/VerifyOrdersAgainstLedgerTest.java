package teller.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;
import teller.server.provider.ProviderKind;
import teller.server.support.CountingProvider;
import teller.server.support.DomainGraph;

/**
 * {@code verify} also holds every order against its ledger transactions: a hold only while the order
 * is EXECUTING, one posting once executed (two would be a double execution), a reversal once voided,
 * and one transaction per idempotency key even if the unique index were gone.
 */
class VerifyOrdersAgainstLedgerTest {
    private CountingProvider gameLoads;
    private DomainGraph graph;

    @BeforeEach
    void start() {
        gameLoads = new CountingProvider(ProviderKind.GAME_LOAD);
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, gameLoads,
                ProviderKind.PAYOUT, new CountingProvider(ProviderKind.PAYOUT)));
        graph.player("erin", "USD");
        graph.fund("erin", 5_000);
    }

    @AfterEach
    void close() {
        graph.close();
    }

    private List<Discrepancy> discrepancies() {
        return graph.ledger.verify().discrepancies();
    }

    private void behindTheTriggers(String sql, Object... args) {
        graph.jdbi().useTransaction(h -> {
            h.execute("SET LOCAL session_replication_role = replica");
            h.execute(sql, args);
        });
    }

    private Order executedGameLoad(long amount) {
        Order order = graph.submit("GAME_LOAD", "erin", amount, "Pusoy", null);
        assertThat(graph.approvals.approve(order.id(), DomainGraph.operator("op-1"), null).order().status())
                .isEqualTo(OrderStatus.APPROVED_EXECUTED);
        return graph.orders.get(order.id());
    }

    @Test
    void everyLegalStateVerifiesClean() {
        executedGameLoad(100);
        long voided = executedGameLoad(200).id();
        graph.approvals.voidOrder(voided, DomainGraph.operator("sup"), "wrong game");
        gameLoads.behaveNext(CountingProvider.Behaviour.LOSE_REQUEST);
        graph.approvals.approve(graph.submit("GAME_LOAD", "erin", 300, "Pusoy", null).id(), DomainGraph.operator("op-1"), null);
        gameLoads.behaveNext(CountingProvider.Behaviour.REFUSE);
        graph.approvals.approve(graph.submit("GAME_LOAD", "erin", 400, "Pusoy", null).id(), DomainGraph.operator("op-1"), null);
        graph.approvals.reject(graph.submit("DEPOSIT", "erin", 500, null, null).id(), DomainGraph.operator("op-1"), "no");
        graph.submit("WITHDRAWAL", "erin", 600, null, null);

        assertThat(discrepancies()).isEmpty();
    }

    @Test
    void holdLeftBehindByAnOrderThatIsNoLongerExecutingIsReported() {
        gameLoads.behaveNext(CountingProvider.Behaviour.LOSE_REQUEST);
        Order order = graph.submit("GAME_LOAD", "erin", 700, "Pusoy", null);
        graph.approvals.approve(order.id(), DomainGraph.operator("op-1"), null);
        assertThat(discrepancies()).as("EXECUTING with its hold is consistent").isEmpty();
        long hold = graph.orders.get(order.id()).execution().holdTransactionId();

        behindTheTriggers("UPDATE orders SET status = 'APPROVED_FAILED' WHERE id = ?", order.id());

        assertThat(discrepancies()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("STRANDED_HOLD");
            assertThat(d.subject()).isEqualTo("transaction " + hold);
            assertThat(d.actual()).isEqualTo("order " + order.id() + " is APPROVED_FAILED");
        });
    }

    @Test
    void secondPostingForOneOrderIsReportedAsADoubleExecution() {
        Order order = executedGameLoad(250);
        long wallet = graph.tx.read(() -> graph.ledgerStore.account(AccountCodes.wallet("erin")).orElseThrow().id());
        long game = graph.tx.read(() -> graph.ledgerStore.account(AccountCodes.houseGame("Pusoy", "USD")).orElseThrow().id());
        // Through the ledger's own front door: a buggy caller posting again under a fresh key.
        graph.tx.inTransaction(() -> graph.ledgerStore.transfer(new TransferRequest("order:" + order.id() + ":again",
                "GAME_LOAD", order.id(), "USD", List.of(Leg.debit(wallet, 250), Leg.credit(game, 250)), false, Map.of(), null)));

        assertThat(discrepancies()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("ORDER_POSTED_TWICE");
            assertThat(d.subject()).isEqualTo("order " + order.id());
            assertThat(d.actual()).isEqualTo("2 posted transactions");
        });
    }

    @Test
    void moneyMovedForAnOrderNobodyApprovedIsReported() {
        Order pending = graph.submit("DEPOSIT", "erin", 900, null, null);
        long wallet = graph.tx.read(() -> graph.ledgerStore.account(AccountCodes.wallet("erin")).orElseThrow().id());
        long cash = graph.tx.read(() -> graph.ledgerStore.account(AccountCodes.houseCash("USD")).orElseThrow().id());
        graph.tx.inTransaction(() -> graph.ledgerStore.transfer(new TransferRequest("sneaky", "DEPOSIT", pending.id(), "USD",
                List.of(Leg.debit(cash, 900), Leg.credit(wallet, 900)), false, Map.of(), null)));

        assertThat(discrepancies()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("ORDER_LEDGER_MISMATCH");
            assertThat(d.subject()).isEqualTo("order " + pending.id() + " (PENDING_REVIEW)");
            assertThat(d.expected()).isEqualTo("no posted transaction while PENDING_REVIEW");
        });
    }

    @Test
    void executedOrderWithoutItsPostingOrVoidWithoutReversalIsReported() {
        Order executed = executedGameLoad(100);
        Order voided = executedGameLoad(150);
        graph.approvals.voidOrder(voided.id(), DomainGraph.operator("sup"), "duplicate");
        behindTheTriggers("UPDATE orders SET posting_transaction_id = NULL WHERE id = ?", executed.id());
        behindTheTriggers("UPDATE orders SET reversal_transaction_id = NULL WHERE id = ?", voided.id());

        assertThat(discrepancies()).extracting(Discrepancy::subject, Discrepancy::actual).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("order " + executed.id() + " (APPROVED_EXECUTED)", "no posted posting transaction"),
                org.assertj.core.groups.Tuple.tuple("order " + voided.id() + " (VOIDED)", "reversal missing"));
    }

    @Test
    void duplicateIdempotencyKeyIsReportedWhenTheUniqueIndexIsGone() {
        executedGameLoad(100);
        graph.jdbi().useTransaction(h -> {
            h.execute("SET LOCAL session_replication_role = replica");
            h.execute("ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_idempotency_key_uq CASCADE");
            h.execute("""
                    INSERT INTO ledger_transactions (idempotency_key, kind, status, currency, finalized_at, metadata, integrity_hash)
                    SELECT idempotency_key, kind, 'VOIDED', currency, now(), metadata, integrity_hash
                      FROM ledger_transactions WHERE kind = 'DEPOSIT' LIMIT 1""");
        });
        // (The copy has no entries, so it is also unbalanced; the key check is what matters here.)
        assertThat(discrepancies()).extracting(Discrepancy::kind).contains("DUPLICATE_IDEMPOTENCY_KEY");
    }
}
