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
import java.util.function.Supplier;
import teller.server.common.Transactor;
import teller.server.provider.ProviderReport;

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
    private static final java.util.Set<String> EXECUTION_PROVIDERS = java.util.Set.of("GAME_LOAD", "PAYOUT");

    private final Transactor tx;
    private final DashboardStore store;
    private final Clock clock;
    private final AlertSettings settings;
    private final Supplier<List<ProviderReport>> providers;
    private volatile Snapshot snapshot;

    /** The alerts as last evaluated for the metrics, and when. */
    public record Snapshot(Instant at, List<Alert> alerts, BigDecimal approvedFailedRatio) {
        public boolean active(String name) {
            return alerts.stream().anyMatch(a -> a.name().equals(name) && a.active());
        }
    }

    public DashboardService(Transactor tx, DashboardStore store, Clock clock, AlertSettings settings) {
        this(tx, store, clock, settings, List::of);
    }

    /** {@code providers}: every provider's state now, which the provider alerts are decided on. */
    public DashboardService(Transactor tx, DashboardStore store, Clock clock, AlertSettings settings,
                            Supplier<List<ProviderReport>> providers) {
        this.providers = providers;
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
        List<ProviderReport> reports = providers.get();
        alerts.add(providerUnavailable(since, reports));
        alerts.add(providerCircuitOpen(reports));
        alerts.add(fraudScorePending());
        alerts.add(paymentWebhookFailedRatio(since));
        alerts.add(newErrorCode(now.minus(settings.newErrorCodeWindow())));
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

    /**
     * Active while a game-load or payout provider cannot execute: not configured (and no sandbox
     * stands in), or its breaker OPEN. Approvals are refused up front then (decision 0061), so order
     * history shows no failure; the provider's state is what says so. Also active, as before, while
     * executions of the window failed with a provider's own {@code *_API_UNAVAILABLE} answer.
     */
    private Alert providerUnavailable(Instant since, List<ProviderReport> reports) {
        List<Map<String, Object>> down = new ArrayList<>();
        for (ProviderReport r : reports) {
            if (!EXECUTION_PROVIDERS.contains(r.kind()) || (r.configured() && !r.open())) {
                continue;
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("provider", r.id());
            p.put("state", !r.configured() ? "NOT_CONFIGURED" : r.breaker().state());
            p.put("since", r.breaker() == null || r.breaker().since() == null ? null : r.breaker().since().toString());
            down.add(p);
        }
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
        details.put("providers", down);
        details.put("failures", failures);
        details.put("byErrorCode", byCode);
        details.put("windowHours", settings.window().toHours());
        List<String> parts = new ArrayList<>();
        if (!down.isEmpty()) {
            parts.add(String.join(", ", down.stream().map(p -> p.get("provider") + " " + p.get("state")).toList())
                    + ": approvals of its orders are refused until it is back");
        }
        if (failures > 0) {
            parts.add(failures + " execution(s) failed because a provider is unavailable ("
                    + String.join(", ", byCode.stream().map(c -> (String) c.get("errorCode")).toList())
                    + ") in the last " + hours());
        }
        String message = parts.isEmpty()
                ? "every execution provider is available; no provider-unavailable failure in the last " + hours()
                : String.join("; ", parts);
        return new Alert(Alert.PROVIDER_UNAVAILABLE, !parts.isEmpty(), message, details);
    }

    /** Active while any provider's circuit breaker is OPEN (game loads, payouts, Telegram). */
    private Alert providerCircuitOpen(List<ProviderReport> reports) {
        List<Map<String, Object>> open = new ArrayList<>();
        for (ProviderReport r : reports) {
            if (r.open()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("provider", r.id());
                p.put("state", r.breaker().state());
                p.put("since", r.breaker().since() == null ? null : r.breaker().since().toString());
                open.add(p);
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("providers", open);
        String message = open.isEmpty() ? "no provider circuit is open"
                : "provider circuit open: " + String.join(", ", open.stream().map(p -> (String) p.get("provider")).toList());
        return new Alert(Alert.PROVIDER_CIRCUIT_OPEN, !open.isEmpty(), message, details);
    }

    private Alert fraudScorePending() {
        int min = settings.fraudScoreAlertMin();
        List<Map<String, Object>> players = new ArrayList<>();
        for (DashboardStore.RiskyPlayer p : store.playersAboveScoreWithPending(min, ALERT_ORDERS_MAX)) {
            Map<String, Object> player = new LinkedHashMap<>();
            player.put("playerId", p.playerId());
            player.put("username", p.username());
            player.put("fraudScore", p.score());
            player.put("pendingOrders", p.pendingOrders());
            players.add(player);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("threshold", min);
        details.put("players", players);
        String message = players.isEmpty()
                ? "no player with a fraud score above " + min + " has pending orders"
                : players.size() + " player(s) with a fraud score above " + min + " have pending orders: "
                        + String.join(", ", players.stream().map(p -> p.get("username") + " (" + p.get("fraudScore") + ")")
                                .toList());
        return new Alert(Alert.FRAUD_SCORE_PENDING, !players.isEmpty(), message, details);
    }

    private Alert paymentWebhookFailedRatio(Instant since) {
        DashboardStore.WebhookDeliveries d = store.paymentWebhookDeliveriesSince(since);
        // Exactly as the APPROVED_FAILED ratio: refused > max x total, so 1.0 % is not above 1 %.
        boolean active = d.total() > 0 && BigDecimal.valueOf(d.refused())
                .compareTo(settings.paymentFailedRatioMax().multiply(BigDecimal.valueOf(d.total()))) > 0;
        BigDecimal ratio = rate(d.refused(), d.total());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ratio", ratio);
        details.put("threshold", settings.paymentFailedRatioMax());
        details.put("refused", d.refused());
        details.put("deliveries", d.total());
        details.put("windowHours", settings.window().toHours());
        String message = active
                ? d.refused() + " of " + d.total() + " payment webhook deliveries were refused in the last " + hours()
                        + " (" + percent(ratio) + ", above " + percent(settings.paymentFailedRatioMax()) + ")"
                : "payment webhooks refused at " + percent(ratio) + " of " + d.total() + " deliveries (alert above "
                        + percent(settings.paymentFailedRatioMax()) + ")";
        return new Alert(Alert.PAYMENT_WEBHOOK_FAILED_RATIO, active, message, details);
    }

    private Alert newErrorCode(Instant since) {
        List<Map<String, Object>> codes = new ArrayList<>();
        for (DashboardStore.ErrorCodeSeen c : store.errorCodesFirstSeenAfter(since, ALERT_ORDERS_MAX)) {
            Map<String, Object> code = new LinkedHashMap<>();
            code.put("code", c.code());
            code.put("firstSeenAt", c.firstSeenAt().toString());
            codes.add(code);
        }
        long h = settings.newErrorCodeWindow().toHours();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("codes", codes);
        details.put("windowHours", h);
        String message = codes.isEmpty()
                ? "no error code seen for the first time in the last " + h + " h"
                : "error code(s) seen for the first time in the last " + h + " h: "
                        + String.join(", ", codes.stream().map(c -> (String) c.get("code")).toList());
        return new Alert(Alert.NEW_ERROR_CODE, !codes.isEmpty(), message, details);
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
