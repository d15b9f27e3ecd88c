package teller.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.db.PgReportStore;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;
import teller.server.provider.ProviderKind;
import teller.server.support.CountingProvider;
import teller.server.support.DomainGraph;

/**
 * Reconciliation lists what disagrees, with what to do: a stored balance that is not the sum of
 * its entries, and an order whose ledger outcome and stored provider outcome disagree.
 */
class ReconciliationReportTest {
    private static DomainGraph graph;
    private static ReportService reports;

    @BeforeAll
    static void start() {
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, new CountingProvider(ProviderKind.GAME_LOAD),
                ProviderKind.PAYOUT, new CountingProvider(ProviderKind.PAYOUT)));
        reports = new ReportService(graph.tx, new PgReportStore(graph.tx), graph.ledgerStore, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    private static Report reconciliation() {
        return reports.report(reports.query("reconciliation", null, null, null));
    }

    private static List<Object> rowOfKind(Report report, String kind) {
        int column = report.columns().indexOf("kind");
        return report.rows().stream().filter(r -> kind.equals(r.get(column))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + report.rows()));
    }

    @Test
    void cleanBooksReconcileAndTamperedOnesAreListedWithWhatToDo() {
        graph.player("rec1", "USD");
        graph.fund("rec1", 5_000);
        Order load = graph.submit("GAME_LOAD", "rec1", 1_200, "pusoy", null);
        graph.approvals.approve(load.id(), DomainGraph.operator("op1"), null);
        assertThat(graph.orders.get(load.id()).status()).isEqualTo(OrderStatus.APPROVED_EXECUTED);

        Report clean = reconciliation();
        assertThat(clean.summary().get("balanced")).isEqualTo(true);
        assertThat(clean.rows()).isEmpty();

        // The provider's stored answer now says it did not execute what the ledger posted, and a
        // balance row drifts from its entries (both as a careless manual fix would leave them).
        graph.jdbi().useHandle(h -> {
            h.execute("UPDATE orders SET execution_result = '{\"success\": false, \"errorCode\": \"X\"}' WHERE id = ?",
                    load.id());
            h.execute("""
                    UPDATE account_balances SET posted = posted + 1
                     WHERE account_id = (SELECT wallet_account_id FROM players WHERE id = 'rec1')""");
        });
        Report broken = reconciliation();
        assertThat(broken.summary().get("balanced")).isEqualTo(false);
        List<Object> provider = rowOfKind(broken, "PROVIDER_NOT_EXECUTED");
        assertThat(provider.get(0)).isEqualTo("provider");
        assertThat((String) provider.get(2)).contains("order " + load.id());
        assertThat((String) provider.get(5)).contains("void");
        List<Object> balance = rowOfKind(broken, "BALANCE_MISMATCH");
        assertThat(balance.get(0)).isEqualTo("ledger");
        assertThat((String) balance.get(2)).contains("player:rec1:wallet");
        assertThat(broken.summary().get("discrepancies")).isEqualTo(2);
    }
}
