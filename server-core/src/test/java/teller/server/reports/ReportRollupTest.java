package teller.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
import teller.server.db.NaiveReportQueries;
import teller.server.db.PgReportStore;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;
import teller.server.provider.ProviderKind;
import teller.server.support.CountingProvider;
import teller.server.support.DomainGraph;

/**
 * The rollup worker folds every posted ledger transaction and every order change exactly once:
 * after any number of runs, concurrent runs, a run that crashed before commit, and a transaction
 * that committed after a later one, the rollups equal the naive GROUP BY over the raw rows.
 */
class ReportRollupTest {
    private static final LocalDate FAR_PAST = LocalDate.of(2000, 1, 1);
    private static final LocalDate FAR_FUTURE = LocalDate.of(2100, 1, 1);

    private static CountingProvider gameLoads;
    private static CountingProvider payouts;
    private static DomainGraph graph;
    private static ReportService reports;

    @BeforeAll
    static void start() {
        gameLoads = new CountingProvider(ProviderKind.GAME_LOAD);
        payouts = new CountingProvider(ProviderKind.PAYOUT);
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, gameLoads, ProviderKind.PAYOUT, payouts));
        reports = new ReportService(graph.tx, new PgReportStore(graph.tx), graph.ledgerStore, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    private static void catchUp() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            reports.rollup();
            if (reports.rollupCaughtUp()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the rollup did not catch up within 30 s");
            }
            sleep(60);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> rows(String sql) {
        return graph.jdbi().withHandle(h -> h.createQuery(sql).bind("from", FAR_PAST).bind("to", FAR_FUTURE)
                .mapToMap().list());
    }

    private static void assertRollupsEqualNaive() {
        assertThat(rows(NaiveReportQueries.FLOWS_ROLLUP)).isEqualTo(rows(NaiveReportQueries.FLOWS));
        assertThat(rows(NaiveReportQueries.ORDER_EVENTS_ROLLUP)).isEqualTo(rows(NaiveReportQueries.ORDER_EVENTS));
    }

    private static String newPlayer() {
        String id = "r" + System.nanoTime();
        graph.player(id, "USD");
        return id;
    }

    @Test
    void rollupsEqualTheNaiveGroupByAfterEveryKindOfOrderOutcome() {
        String a = newPlayer();
        String b = newPlayer();
        graph.fund(a, 10_000);
        graph.fund(b, 5_000);
        Order load = graph.submit("GAME_LOAD", a, 3_000, "pusoy", null);
        graph.approvals.approve(load.id(), DomainGraph.operator("op1"), null);
        gameLoads.behaveNext(CountingProvider.Behaviour.REFUSE);
        Order refused = graph.submit("GAME_LOAD", b, 1_000, "pusoy", null);
        graph.approvals.approve(refused.id(), DomainGraph.operator("op1"), null);
        gameLoads.behaveNext(CountingProvider.Behaviour.SUCCEED);
        Order redemption = graph.submit("WITHDRAWAL", a, 2_000, "pusoy", null);
        graph.approvals.approve(redemption.id(), DomainGraph.operator("op2"), null);
        Order rejected = graph.submit("DEPOSIT", b, 700, null, null);
        graph.approvals.reject(rejected.id(), DomainGraph.operator("op2"), "no proof");
        Order voided = graph.submit("DEPOSIT", b, 400, null, null);
        graph.approvals.approve(voided.id(), DomainGraph.operator("op1"), null);
        graph.approvals.voidOrder(voided.id(), DomainGraph.operator("op2"), "duplicate payment");

        catchUp();
        assertRollupsEqualNaive();
        // Running again after catching up adds nothing.
        reports.rollup();
        reports.rollup();
        assertRollupsEqualNaive();
    }

    @Test
    void aHoldFoldsOnceWhenItIsPostedAfterTheCursorPassedIt() {
        String a = newPlayer();
        graph.fund(a, 1_000);
        payouts.behaveNext(CountingProvider.Behaviour.EXECUTE_BUT_LOSE_ANSWER);
        Order lost = graph.submit("WITHDRAWAL", a, 300, null, null);
        graph.approvals.approve(lost.id(), DomainGraph.operator("op1"), null);
        assertThat(graph.orders.get(lost.id()).status()).isEqualTo(OrderStatus.EXECUTING);
        catchUp();
        assertThat(graph.count("SELECT count(*) FROM report_pending_transactions")).isEqualTo(1);
        assertRollupsEqualNaive();

        graph.clock.advance(DomainGraph.EXECUTION_LEASE.plusSeconds(1));
        graph.approvals.recoverExpired();
        assertThat(graph.orders.get(lost.id()).status()).isEqualTo(OrderStatus.APPROVED_EXECUTED);
        catchUp();
        assertThat(graph.count("SELECT count(*) FROM report_pending_transactions")).isZero();
        assertRollupsEqualNaive();
    }

    @Test
    void aRunThatCrashesBeforeCommitFoldsNothingAndTheNextRunFoldsEverythingOnce() {
        String a = newPlayer();
        graph.fund(a, 2_500);
        graph.fund(a, 1_500);
        graph.fund(a, 500);
        // Committed runs of one row each, until the safe horizon covers the new rows but the cursor does not.
        long newest = graph.count("SELECT max(id) FROM ledger_transactions");
        for (int i = 0; i < 100 && graph.count("SELECT safe_id FROM report_rollup_state WHERE source = 'ledger'") < newest; i++) {
            graph.jdbi().withHandle(h -> h.createQuery("SELECT report_rollup_run(1, 0)").mapTo(Integer.class).one());
            sleep(20);
        }
        assertThat(graph.count("SELECT cursor_id FROM report_rollup_state WHERE source = 'ledger'")).isLessThan(newest);
        graph.jdbi().useHandle(h -> {
            h.begin();
            int folded = h.createQuery("SELECT report_rollup_run(5000, 0)").mapTo(Integer.class).one();
            assertThat(folded).isPositive();
            h.rollback();
        });
        catchUp();
        assertRollupsEqualNaive();
    }

    @Test
    void concurrentRunsWhileDepositsAreApprovedFoldEachRowOnce() throws Exception {
        List<String> players = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            players.add(newPlayer());
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                work.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 40; i++) {
                        reports.rollup();
                    }
                    return null;
                }));
            }
            for (String p : players) {
                work.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 10; i++) {
                        graph.fund(p, 100 + i);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        catchUp();
        assertRollupsEqualNaive();
    }

    /**
     * Ids are drawn before commit: a transaction holding a smaller id may commit after a larger
     * one is visible. The cursor waits for it instead of passing it by.
     */
    @Test
    void theCursorNeverPassesATransactionThatIsStillInFlight() throws Exception {
        String a = newPlayer();
        graph.fund(a, 1_000);
        catchUp();
        // Accounts of its own, so the open transaction holds no balance row a deposit needs.
        long debit = graph.count("SELECT ledger_open_account(?, 'ASSET', 'USD', NULL, 1)", "test:debit:" + a);
        long credit = graph.count("SELECT ledger_open_account(?, 'LIABILITY', 'USD', NULL, 1)", "test:credit:" + a);
        long inFlightId;
        try (Connection slow = DriverManager.getConnection(graph.jdbcUrl)) {
            slow.setAutoCommit(false);
            try (var st = slow.prepareStatement("""
                    SELECT transaction_id FROM ledger_transfer('test:in-flight:' || ?, 'ADJUSTMENT', NULL, 'USD',
                           ARRAY[?, ?]::bigint[], ARRAY[77, -77]::bigint[], false, '{}'::jsonb, NULL)""")) {
                st.setString(1, a);
                st.setLong(2, debit);
                st.setLong(3, credit);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    inFlightId = rs.getLong(1);
                }
            }
            // A later transaction commits while the first is still open.
            graph.fund(a, 55);
            assertThat(graph.count("SELECT max(id) FROM ledger_transactions")).isGreaterThan(inFlightId);
            for (int i = 0; i < 8; i++) {
                reports.rollup();
                sleep(ReportService.ROLLUP_SETTLE_MILLIS / 2);
            }
            assertThat(graph.count("SELECT cursor_id FROM report_rollup_state WHERE source = 'ledger'"))
                    .isLessThan(inFlightId);
            slow.commit();
        }
        catchUp();
        assertRollupsEqualNaive();
        assertThat(rows(NaiveReportQueries.FLOWS_ROLLUP)).anySatisfy(r -> assertThat(r.get("flow")).isEqualTo("ADJUSTMENT"));
    }

    @Test
    void onlyOneSessionRunsTheRollupAtATime() throws Exception {
        try (Connection other = DriverManager.getConnection(graph.jdbcUrl)) {
            other.setAutoCommit(false);
            try (var st = other.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(hashtext('teller.report_rollup'))");
            }
            assertThat(reports.rollup()).isEqualTo(-1);
            other.rollback();
        }
        assertThat(reports.rollup()).isGreaterThanOrEqualTo(0);
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
