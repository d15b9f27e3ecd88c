package teller.server.alerts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import teller.server.common.Transactor;

/**
 * The dashboard's KPIs and alerts (decision 0046). Every figure comes from an indexed query over
 * the pending queue or over a bounded window of order history, never from the ledger.
 */
public final class DashboardService {
    /** Orders listed as evidence in the attempts alert (the count covers all of them). */
    public static final int ALERT_ORDERS_MAX = 20;
    /** How long the metrics reuse one evaluation of the alerts: a scrape must not run queries each time. */
    public static final Duration METRICS_CACHE = Duration.ofSeconds(10);
    private static final int RATE_SCALE = 4;

    private final Transactor tx;
    private final DashboardStore store;
    private final Clock clock;
    private final AlertSettings settings;
    private volatile Snapshot snapshot;

    /** The alerts as last evaluated for the metrics, and when. */
    public record Snapshot(Instant at, List<Alert> alerts, BigDecimal approvedFailedRatio) {
        public boolean active(String name) {
            return alerts.stream().anyMatch(a -> a.name().equals(name) && a.active());
        }
    }

    public DashboardService(Transactor tx, DashboardStore store, Clock clock, AlertSettings settings) {
        this.tx = tx;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
    }

    public AlertSettings settings() {
        return settings;
    }

    public Dashboard dashboard() {
        Instant now = clock.instant();
        return tx.read(() -> new Dashboard(now, kpis(now), alerts(now)));
    }

    public List<Alert> alerts() {
        Instant now = clock.instant();
        return tx.read(() -> alerts(now));
    }

    /**
     * The alerts for the metrics: evaluated at most once per {@link #METRICS_CACHE}. When the
     * database cannot be read, the last evaluation stays (the scrape still answers).
     */
    public Snapshot metricsSnapshot() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current != null && current.at().plus(METRICS_CACHE).isAfter(now)) {
            return current;
        }
        synchronized (this) {
            current = snapshot;
            if (current != null && current.at().plus(METRICS_CACHE).isAfter(now)) {
                return current;
            }
            try {
                List<Alert> alerts = alerts();
                BigDecimal ratio = (BigDecimal) alerts.stream().filter(a -> a.name().equals(Alert.APPROVED_FAILED_RATIO))
                        .findFirst().orElseThrow().details().get("ratio");
                snapshot = new Snapshot(now, alerts, ratio);
            } catch (RuntimeException unreadable) {
                if (current == null) {
                    throw unreadable;
                }
                return current;
            }
            return snapshot;
        }
    }

    private Dashboard.Kpis kpis(Instant now) {
        List<DashboardStore.PendingTotal> pending = store.pending();
        Long oldest = store.oldestPendingCreatedAt()
                .map(created -> Math.max(0, Duration.between(created, now).toSeconds())).orElse(null);
        Instant startOfDay = LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        DashboardStore.Decisions today = store.decisionsSince(startOfDay);
        long pendingOrders = pending.stream().mapToLong(DashboardStore.PendingTotal::orders).sum();
        long approvals = today.approved() + today.approvedFailed();
        return new Dashboard.Kpis(pending, pendingOrders, oldest, today.approved(), today.rejected(),
                rate(approvals, approvals + today.rejected()), today.approvedFailed());
    }

    private List<Alert> alerts(Instant now) {
        Instant since = now.minus(settings.window());
        List<Alert> alerts = new ArrayList<>();
        alerts.add(approvedFailedRatio(since));
        alerts.add(executionAttempts(since));
        alerts.add(providerUnavailable(since));
        return List.copyOf(alerts);
    }

    private Alert approvedFailedRatio(Instant since) {
        DashboardStore.Outcomes o = store.outcomesSince(since);
        long finished = o.executed() + o.failed();
        // Compared exactly (failed > max x finished), so 5.0 % is not above 5 % whatever the rounding of the shown ratio.
        boolean active = finished > 0 && BigDecimal.valueOf(o.failed())
                .compareTo(settings.approvedFailedRatioMax().multiply(BigDecimal.valueOf(finished))) > 0;
        BigDecimal ratio = rate(o.failed(), finished);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ratio", ratio);
        details.put("threshold", settings.approvedFailedRatioMax());
        details.put("failed", o.failed());
        details.put("finished", finished);
        details.put("windowHours", settings.window().toHours());
        String message = active
                ? o.failed() + " of " + finished + " executions ended APPROVED_FAILED in the last "
                        + hours() + " (" + percent(ratio) + ", above " + percent(settings.approvedFailedRatioMax()) + ")"
                : "APPROVED_FAILED at " + percent(ratio) + " of " + finished + " executions (alert above "
                        + percent(settings.approvedFailedRatioMax()) + ")";
        return new Alert(Alert.APPROVED_FAILED_RATIO, active, message, details);
    }

    private Alert executionAttempts(Instant since) {
        int max = settings.executionAttemptsMax();
        long count = store.countOrdersWithAttemptsAbove(max, since);
        List<Map<String, Object>> orders = new ArrayList<>();
        for (DashboardStore.RetriedOrder o : store.ordersWithAttemptsAbove(max, since, ALERT_ORDERS_MAX)) {
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("orderId", Long.toString(o.orderId()));
            order.put("type", o.type());
            order.put("status", o.status());
            order.put("attempts", o.attempts());
            order.put("updatedAt", o.updatedAt().toString());
            orders.add(order);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("threshold", max);
        details.put("orders", count);
        details.put("examples", orders);
        details.put("windowHours", settings.window().toHours());
        String message = count > 0
                ? count + " order(s) with more than " + max + " execution attempts in the last " + hours()
                : "no order with more than " + max + " execution attempts in the last " + hours();
        return new Alert(Alert.EXECUTION_ATTEMPTS, count > 0, message, details);
    }

    private Alert providerUnavailable(Instant since) {
        List<Map<String, Object>> byCode = new ArrayList<>();
        long failures = 0;
        for (DashboardStore.UnavailableFailures f : store.providerUnavailableFailuresSince(since)) {
            Map<String, Object> code = new LinkedHashMap<>();
            code.put("errorCode", f.errorCode());
            code.put("failures", f.failures());
            code.put("lastOrderId", Long.toString(f.lastOrderId()));
            code.put("lastAt", f.lastAt().toString());
            byCode.add(code);
            failures += f.failures();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("failures", failures);
        details.put("byErrorCode", byCode);
        details.put("windowHours", settings.window().toHours());
        String message = failures > 0
                ? failures + " execution(s) failed because a provider is unavailable ("
                        + String.join(", ", byCode.stream().map(c -> (String) c.get("errorCode")).toList())
                        + ") in the last " + hours()
                : "no provider-unavailable failure in the last " + hours();
        return new Alert(Alert.PROVIDER_UNAVAILABLE, failures > 0, message, details);
    }

    private String hours() {
        long h = settings.window().toHours();
        return h >= 1 ? h + " h" : settings.window().toSeconds() + " s";
    }

    private static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }

    private static BigDecimal rate(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO.setScale(RATE_SCALE)
                : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), RATE_SCALE, RoundingMode.HALF_UP);
    }
}
