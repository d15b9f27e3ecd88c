package teller.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.db.PgDashboardStore;
import teller.server.support.DomainGraph;

/**
 * The alerts of issue 17 at their boundaries (just under, at, just over): a player above the fraud
 * score threshold with pending orders, refused payment webhooks above 1 % of deliveries, and an
 * error code first seen in the last 24 h. Times come from a fixed clock, so rows of one case never
 * fall into another's window.
 */
class OperationsAlertsTest {
    private static DomainGraph graph;
    /** A day of its own per case, far enough apart that 24 h windows never overlap. */
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(300));

    @BeforeAll
    static void start() {
        graph = new DomainGraph(Map.of());
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    private static DashboardService service(Instant now, AlertSettings settings) {
        return new DashboardService(graph.tx, new PgDashboardStore(graph.tx), Clock.fixed(now, ZoneOffset.UTC), settings);
    }

    private static Alert alert(Instant now, String name) {
        return service(now, AlertSettings.defaults()).dashboard().alert(name);
    }

    // ------------------------------------------------------------------ fraud score with pending orders

    private static void playerWithScore(String id, int points, boolean pending) {
        graph.player(id, "USD");
        if (pending) {
            graph.submit("DEPOSIT", id, 100, null, id + "-order");
        }
        graph.jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO fraud_flags (player_id, rule, dedupe_key, evidence, points)
                        VALUES (:p, 'VELOCITY', :k, '{}'::jsonb, :points)""")
                .bind("p", id).bind("k", "test:" + id).bind("points", points).execute());
    }

    @Test
    void aPlayerJustAboveTheFraudScoreThresholdWithPendingOrdersTripsTheAlert() {
        Instant now = Instant.now();
        playerWithScore("fs-74", 74, true);
        playerWithScore("fs-75", 75, true);
        playerWithScore("fs-90-idle", 90, false);
        Alert quiet = alert(now, Alert.FRAUD_SCORE_PENDING);
        assertThat(quiet.active()).as("74 is under, 75 is at (not above), 90 has nothing pending: %s", quiet.message())
                .isFalse();
        assertThat(quiet.details().get("threshold")).isEqualTo(75);

        playerWithScore("fs-76", 76, true);
        Alert alert = alert(now, Alert.FRAUD_SCORE_PENDING);
        assertThat(alert.active()).isTrue();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> players = (List<Map<String, Object>>) alert.details().get("players");
        assertThat(players).singleElement().satisfies(p -> {
            assertThat(p.get("playerId")).isEqualTo("fs-76");
            assertThat(p.get("username")).isEqualTo("user-fs-76");
            assertThat(p.get("fraudScore")).isEqualTo(76);
            assertThat(p.get("pendingOrders")).isEqualTo(1L);
        });
        assertThat(alert.message()).contains("user-fs-76 (76)");

        // The threshold is a setting.
        assertThat(service(now, AlertSettings.defaults().withFraudScoreAlertMin(73)).dashboard()
                .alert(Alert.FRAUD_SCORE_PENDING).details().get("players")).asList().hasSize(3);
    }

    // ------------------------------------------------------------------ refused payment webhooks

    /** {@code total} payment webhook deliveries an hour before {@code now}, the first {@code refused} refused. */
    private static void deliveries(Instant now, int total, int refused) {
        graph.jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO audit_log (at, actor_type, actor_id, action, resource_type, resource_id, outcome)
                        SELECT :at, 'SYSTEM', 'payment-webhook:test', 'PAYMENT_WEBHOOK', 'PAYMENT_PROVIDER', 'test',
                               CASE WHEN g <= :refused THEN 'DENIED' ELSE 'SUCCESS' END
                          FROM generate_series(1, :total) g""")
                .bind("at", java.time.OffsetDateTime.ofInstant(now.minus(Duration.ofHours(1)), ZoneOffset.UTC))
                .bind("refused", refused).bind("total", total).execute());
    }

    @Test
    void refusedPaymentWebhooksJustUnderAtAndJustOverOnePercent() {
        Instant under = BASE;
        deliveries(under, 1_000, 9);
        Alert u = alert(under, Alert.PAYMENT_WEBHOOK_FAILED_RATIO);
        assertThat(u.active()).as(u.message()).isFalse();
        assertThat((BigDecimal) u.details().get("ratio")).isEqualByComparingTo("0.009");
        assertThat(u.details().get("deliveries")).isEqualTo(1_000L);

        Instant at = BASE.plus(Duration.ofDays(10));
        deliveries(at, 1_000, 10);
        assertThat(alert(at, Alert.PAYMENT_WEBHOOK_FAILED_RATIO).active()).as("1.0 % is not above 1 %").isFalse();

        Instant over = BASE.plus(Duration.ofDays(20));
        deliveries(over, 1_000, 11);
        Alert o = alert(over, Alert.PAYMENT_WEBHOOK_FAILED_RATIO);
        assertThat(o.active()).isTrue();
        assertThat(o.message()).contains("11 of 1000").contains("1.1 %");

        // The threshold is a setting; no deliveries, no alert.
        assertThat(service(under, AlertSettings.defaults().withPaymentFailedRatioMax(new BigDecimal("0.008")))
                .dashboard().alert(Alert.PAYMENT_WEBHOOK_FAILED_RATIO).active()).isTrue();
        assertThat(alert(BASE.plus(Duration.ofDays(30)), Alert.PAYMENT_WEBHOOK_FAILED_RATIO).active()).isFalse();
    }

    // ------------------------------------------------------------------ new error codes

    @Test
    void anErrorCodeFirstSeenJustUnderAtAndJustOver24HoursAgo() {
        Instant first = BASE.plus(Duration.ofDays(100));
        new ErrorCodes(graph.tx, new PgDashboardStore(graph.tx), Clock.fixed(first, ZoneOffset.UTC)).seen("TEST_NEW_CODE");
        // Seen again later by another process: the first sighting stays.
        new ErrorCodes(graph.tx, new PgDashboardStore(graph.tx), Clock.fixed(first.plus(Duration.ofHours(5)), ZoneOffset.UTC))
                .seen("TEST_NEW_CODE");

        Alert justUnder = alert(first.plus(Duration.ofHours(24)).minusSeconds(1), Alert.NEW_ERROR_CODE);
        assertThat(justUnder.active()).as(justUnder.message()).isTrue();
        assertThat(justUnder.message()).contains("TEST_NEW_CODE");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> codes = (List<Map<String, Object>>) justUnder.details().get("codes");
        assertThat(codes).singleElement().satisfies(c -> assertThat(c.get("firstSeenAt")).isEqualTo(first.toString()));

        assertThat(alert(first.plus(Duration.ofHours(24)), Alert.NEW_ERROR_CODE).active())
                .as("exactly 24 h ago is no longer in the last 24 h").isFalse();
        assertThat(alert(first.plus(Duration.ofHours(24)).plusSeconds(1), Alert.NEW_ERROR_CODE).active()).isFalse();

        // The window is a setting.
        assertThat(service(first.plus(Duration.ofHours(30)),
                AlertSettings.defaults().withNewErrorCodeWindow(Duration.ofHours(48))).dashboard()
                .alert(Alert.NEW_ERROR_CODE).active()).isTrue();
    }

    @Test
    void settingsAreReadFromTheEnvironmentWithTheirDefaults() {
        AlertSettings defaults = AlertSettings.fromEnvironment(name -> null);
        assertThat(defaults.fraudScoreAlertMin()).isEqualTo(75);
        assertThat(defaults.paymentFailedRatioMax()).isEqualByComparingTo("0.01");
        assertThat(defaults.newErrorCodeWindow()).isEqualTo(Duration.ofHours(24));
        AlertSettings set = AlertSettings.fromEnvironment(Map.of("FRAUD_SCORE_ALERT_MIN", "60",
                "ALERT_PAYMENT_FAILED_RATIO_MAX", "0.02", "ALERT_NEW_ERROR_CODE_HOURS", "6")::get);
        assertThat(set.fraudScoreAlertMin()).isEqualTo(60);
        assertThat(set.paymentFailedRatioMax()).isEqualByComparingTo("0.02");
        assertThat(set.newErrorCodeWindow()).isEqualTo(Duration.ofHours(6));
    }
}
