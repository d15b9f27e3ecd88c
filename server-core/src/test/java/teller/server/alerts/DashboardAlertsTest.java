package teller.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.server.db.PgDashboardStore;
import teller.server.orders.Order;
import teller.server.support.DomainGraph;

/**
 * Each alert on known data that trips it and on data that just does not. Outcomes and failures
 * are written as order history rows (what the approval service writes), inside and outside the
 * 24 h window; attempts are set on real orders.
 */
class DashboardAlertsTest {
    private static final String TEST_ACTOR = "ALERT_TEST";
    private static DomainGraph graph;
    private static long orderA;
    private static long orderB;

    @BeforeAll
    static void start() {
        graph = new DomainGraph(Map.of());
        graph.player("alerts-1", "USD");
        orderA = graph.submit("GAME_LOAD", "alerts-1", 100, "pusoy", "alerts-a").id();
        orderB = graph.submit("GAME_LOAD", "alerts-1", 200, "pusoy", "alerts-b").id();
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    @BeforeEach
    void clearHistoryAndAttempts() {
        graph.jdbi().useHandle(h -> {
            h.execute("DELETE FROM order_history WHERE actor_type = ?", TEST_ACTOR);
            h.execute("UPDATE orders SET execution_attempts = 0");
        });
    }

    private static DashboardService service(AlertSettings settings) {
        return new DashboardService(graph.tx, new PgDashboardStore(graph.tx), Clock.systemUTC(), settings);
    }

    private static Dashboard dashboard() {
        return service(AlertSettings.defaults()).dashboard();
    }

    /** {@code total} finished executions {@code hoursAgo} hours ago, the first {@code failed} of them failed. */
    private static void outcomes(int total, int failed, int hoursAgo, String failureNote) {
        graph.jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO order_history (order_id, at, from_status, to_status, actor_type, actor_id, note)
                        SELECT :order, now() - make_interval(hours => :hours), 'EXECUTING',
                               CASE WHEN g <= :failed THEN 'APPROVED_FAILED' ELSE 'APPROVED_EXECUTED' END,
                               :actor, 'test', CASE WHEN g <= :failed THEN :note END
                          FROM generate_series(1, :total) g""")
                .bind("order", orderA).bind("hours", hoursAgo).bind("failed", failed).bind("total", total)
                .bind("actor", TEST_ACTOR).bind("note", failureNote).execute());
    }

    private static final String REFUSED = "Game-load provider refused: limit reached [LIMIT_REACHED]";
    private static final String UNAVAILABLE = "Game-load provider is not configured (set GAME_LOAD_API_URL) "
            + "[GAME_LOAD_API_UNAVAILABLE]";

    @Test
    void aFailureRatioOf4Point9PercentDoesNotTripTheAlert() {
        outcomes(1_000, 49, 1, REFUSED);
        Alert alert = dashboard().alert(Alert.APPROVED_FAILED_RATIO);
        assertThat(alert.active()).as(alert.message()).isFalse();
        assertThat((BigDecimal) alert.details().get("ratio")).isEqualByComparingTo("0.049");
        assertThat(alert.details().get("finished")).isEqualTo(1_000L);
    }

    @Test
    void aFailureRatioOf5Point1PercentTripsTheAlert() {
        outcomes(1_000, 51, 1, REFUSED);
        Alert alert = dashboard().alert(Alert.APPROVED_FAILED_RATIO);
        assertThat(alert.active()).isTrue();
        assertThat((BigDecimal) alert.details().get("ratio")).isEqualByComparingTo("0.051");
        assertThat(alert.message()).contains("51 of 1000").contains("5.1 %");
    }

    @Test
    void exactlyAtTheThresholdIsNotAbove() {
        outcomes(1_000, 50, 1, REFUSED);
        assertThat(dashboard().alert(Alert.APPROVED_FAILED_RATIO).active()).isFalse();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        outcomes(1_000, 49, 1, REFUSED);
        outcomes(100, 100, 25, REFUSED);
        Alert alert = dashboard().alert(Alert.APPROVED_FAILED_RATIO);
        assertThat(alert.active()).isFalse();
        assertThat(alert.details().get("failed")).isEqualTo(49L);
    }

    @Test
    void theRatioThresholdIsConfigurable() {
        outcomes(1_000, 49, 1, REFUSED);
        var strict = new AlertSettings(new BigDecimal("0.04"), 3, Duration.ofHours(24));
        assertThat(service(strict).dashboard().alert(Alert.APPROVED_FAILED_RATIO).active()).isTrue();
    }

    @Test
    void noExecutionsMeansNoRatioAlert() {
        Alert alert = dashboard().alert(Alert.APPROVED_FAILED_RATIO);
        assertThat(alert.active()).isFalse();
        assertThat((BigDecimal) alert.details().get("ratio")).isEqualByComparingTo("0");
    }

    private static void attempts(long orderId, int attempts) {
        graph.jdbi().useHandle(h -> h.execute("UPDATE orders SET execution_attempts = ? WHERE id = ?", attempts, orderId));
    }

    @Test
    void threeExecutionAttemptsDoNotTripTheAttemptsAlert() {
        attempts(orderA, 3);
        Alert alert = dashboard().alert(Alert.EXECUTION_ATTEMPTS);
        assertThat(alert.active()).as(alert.message()).isFalse();
        assertThat(alert.details().get("orders")).isEqualTo(0L);
    }

    @Test
    void fourExecutionAttemptsTripTheAttemptsAlertNamingTheOrder() {
        attempts(orderA, 3);
        attempts(orderB, 4);
        Alert alert = dashboard().alert(Alert.EXECUTION_ATTEMPTS);
        assertThat(alert.active()).isTrue();
        assertThat(alert.details().get("orders")).isEqualTo(1L);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> examples = (List<Map<String, Object>>) alert.details().get("examples");
        assertThat(examples).singleElement().satisfies(o -> {
            assertThat(o.get("orderId")).isEqualTo(Long.toString(orderB));
            assertThat(o.get("attempts")).isEqualTo(4);
        });
    }

    @Test
    void aProviderUnavailableFailureInTheWindowTripsItsAlert() {
        outcomes(10, 1, 2, UNAVAILABLE);
        Alert alert = dashboard().alert(Alert.PROVIDER_UNAVAILABLE);
        assertThat(alert.active()).isTrue();
        assertThat(alert.message()).contains("GAME_LOAD_API_UNAVAILABLE");
        assertThat(alert.details().get("failures")).isEqualTo(1L);
    }

    @Test
    void otherFailuresAndUnavailableFailuresOutsideTheWindowDoNotTripIt() {
        outcomes(10, 5, 2, REFUSED);
        outcomes(10, 5, 30, UNAVAILABLE);
        Alert alert = dashboard().alert(Alert.PROVIDER_UNAVAILABLE);
        assertThat(alert.active()).as(alert.message()).isFalse();
        assertThat(alert.details().get("failures")).isEqualTo(0L);
    }

    @Test
    void theProviderAlertsReadTheProvidersStateNotHistory() {
        var open = new teller.server.provider.ProviderReport("GAME_LOAD", "GAME_LOAD", "Game-load provider", true, false,
                "http://x", new teller.server.provider.ProviderReport.Breaker("OPEN", java.time.Instant.now()), 100.0, null);
        var unconfigured = new teller.server.provider.ProviderReport("PAYOUT", "PAYOUT", "Payout provider", false, false,
                null, null, null, null);
        var telegramClosed = new teller.server.provider.ProviderReport("TELEGRAM", "TELEGRAM", "Telegram Bot API", true,
                false, "http://t", new teller.server.provider.ProviderReport.Breaker("CLOSED", java.time.Instant.now()), 0.0, null);
        var down = new DashboardService(graph.tx, new PgDashboardStore(graph.tx), Clock.systemUTC(), AlertSettings.defaults(),
                () -> List.of(open, unconfigured, telegramClosed)).dashboard();
        assertThat(down.alert(Alert.PROVIDER_CIRCUIT_OPEN).active()).isTrue();
        assertThat(down.alert(Alert.PROVIDER_CIRCUIT_OPEN).message()).contains("GAME_LOAD").doesNotContain("TELEGRAM");
        Alert unavailable = down.alert(Alert.PROVIDER_UNAVAILABLE);
        assertThat(unavailable.active()).isTrue();
        assertThat(unavailable.message()).contains("GAME_LOAD OPEN").contains("PAYOUT NOT_CONFIGURED");

        var closed = new teller.server.provider.ProviderReport("GAME_LOAD", "GAME_LOAD", "Game-load provider", true, false,
                "http://x", new teller.server.provider.ProviderReport.Breaker("HALF_OPEN", java.time.Instant.now()), 50.0, null);
        var up = new DashboardService(graph.tx, new PgDashboardStore(graph.tx), Clock.systemUTC(), AlertSettings.defaults(),
                () -> List.of(closed, telegramClosed)).dashboard();
        assertThat(up.alert(Alert.PROVIDER_CIRCUIT_OPEN).active()).isFalse();
        assertThat(up.alert(Alert.PROVIDER_UNAVAILABLE).active()).isFalse();
    }

    @Test
    void kpisCountThePendingQueuePerTypeAndTodaysDecisions() {
        graph.jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO order_history (order_id, at, from_status, to_status, actor_type, actor_id)
                        VALUES (:a, now(), 'PENDING_REVIEW', 'EXECUTING', :actor, 'test'),
                               (:a, now(), 'PENDING_REVIEW', 'APPROVED_EXECUTED', :actor, 'test'),
                               (:a, now(), 'PENDING_REVIEW', 'APPROVED_EXECUTED', :actor, 'test'),
                               (:b, now(), 'PENDING_REVIEW', 'REJECTED', :actor, 'test')""")
                .bind("a", orderA).bind("b", orderB).bind("actor", TEST_ACTOR).execute());
        Dashboard.Kpis kpis = dashboard().kpis();
        assertThat(kpis.pending()).containsExactly(new DashboardStore.PendingTotal("GAME_LOAD", "USD", 2, 300));
        assertThat(kpis.pendingOrders()).isEqualTo(2);
        assertThat(kpis.oldestPendingSeconds()).isNotNull().isNotNegative();
        assertThat(kpis.approvedToday()).isEqualTo(3);
        assertThat(kpis.rejectedToday()).isEqualTo(1);
        assertThat(kpis.approvalRateToday()).isEqualByComparingTo("0.75");
    }

    @Test
    void approvedTodayLeavesOutApprovalsThatEndedApprovedFailed() {
        long failed = graph.submit("GAME_LOAD", "alerts-1", 300, "pusoy", "alerts-failed").id();
        graph.jdbi().useHandle(h -> {
            h.createUpdate("""
                            INSERT INTO order_history (order_id, at, from_status, to_status, actor_type, actor_id)
                            VALUES (:a, now(), 'PENDING_REVIEW', 'APPROVED_EXECUTED', :actor, 'test'),
                                   (:f, now(), 'PENDING_REVIEW', 'EXECUTING', :actor, 'test'),
                                   (:b, now(), 'PENDING_REVIEW', 'REJECTED', :actor, 'test')""")
                    .bind("a", orderA).bind("f", failed).bind("b", orderB).bind("actor", TEST_ACTOR).execute();
        });
        graph.jdbi().useTransaction(h -> {
            // As the approval service would (the status guard of V2): approved, sent, failed.
            h.execute("SELECT set_config('teller.approval_path', 'on', true)");
            h.execute("UPDATE orders SET status = 'EXECUTING' WHERE id = ?", failed);
            h.execute("UPDATE orders SET status = 'APPROVED_FAILED' WHERE id = ?", failed);
        });
        // (The order stays APPROVED_FAILED: no other test counts it, since its history is cleared before each.)
        Dashboard.Kpis kpis = dashboard().kpis();
        // The failed game load moved no money: not "approved today", but still a decision to approve.
        assertThat(kpis.approvedToday()).isEqualTo(1);
        assertThat(kpis.approvedFailedToday()).isEqualTo(1);
        assertThat(kpis.rejectedToday()).isEqualTo(1);
        assertThat(kpis.approvalRateToday()).isEqualByComparingTo("0.6667");
    }

    @Test
    void theAlertQueriesUseTheirIndexesNotFullScans() {
        graph.jdbi().useHandle(h -> {
            h.execute("SET enable_seqscan = off");
            for (String sql : List.of(
                    "SELECT count(*) FROM order_history WHERE at >= now() - interval '24 hours' "
                            + "AND to_status IN ('APPROVED_EXECUTED', 'APPROVED_FAILED')",
                    "SELECT note FROM order_history WHERE at >= now() - interval '24 hours' AND to_status = 'APPROVED_FAILED'",
                    "SELECT id FROM orders WHERE execution_attempts > 3 AND updated_at >= now() - interval '24 hours'")) {
                String plan = String.join("\n", h.createQuery("EXPLAIN " + sql).mapTo(String.class).list());
                assertThat(plan).as(sql).doesNotContain("Seq Scan").containsPattern("order_history_at_ix|"
                        + "order_history_failed_at_ix|orders_execution_attempts_ix");
            }
            h.execute("RESET enable_seqscan");
        });
    }
}
