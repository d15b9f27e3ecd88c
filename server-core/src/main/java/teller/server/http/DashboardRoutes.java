package teller.server.http;

import static io.javalin.http.HandlerType.GET;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import teller.server.alerts.Alert;
import teller.server.alerts.Dashboard;
import teller.server.alerts.DashboardService;

/**
 * The console's landing figures and alerts. Every signed-in operator may read them: the queue
 * KPIs are what approvers work from, and auditors read everything (decision 0046).
 */
final class DashboardRoutes {
    private final DashboardService dashboard;

    DashboardRoutes(DashboardService dashboard) {
        this.dashboard = dashboard;
    }

    List<ApiRoute> routes() {
        return List.of(new ApiRoute(GET, "/api/v1/dashboard", Access.SIGNED_IN,
                "KPIs (pending count and amount per type and currency, oldest pending age, today's approvals, "
                        + "rejections and approval rate) and alerts (APPROVED_FAILED ratio, execution attempts, "
                        + "provider unavailable), each with active and the figures behind it",
                null, "Dashboard", ctx -> ctx.json(view(dashboard.dashboard()))));
    }

    static Map<String, Object> view(Dashboard d) {
        Map<String, Object> kpis = new LinkedHashMap<>();
        kpis.put("pending", d.kpis().pending().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", p.type());
            m.put("currency", p.currency());
            m.put("orders", p.orders());
            m.put("amount", p.amount());
            return m;
        }).toList());
        kpis.put("pendingOrders", d.kpis().pendingOrders());
        kpis.put("oldestPendingSeconds", d.kpis().oldestPendingSeconds());
        kpis.put("approvedToday", d.kpis().approvedToday());
        kpis.put("rejectedToday", d.kpis().rejectedToday());
        kpis.put("approvalRateToday", d.kpis().approvalRateToday());
        kpis.put("approvedFailedToday", d.kpis().approvedFailedToday());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generatedAt", d.generatedAt().toString());
        m.put("kpis", kpis);
        m.put("alerts", d.alerts().stream().map(DashboardRoutes::alert).toList());
        return m;
    }

    private static Map<String, Object> alert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("active", a.active());
        m.put("message", a.message());
        m.put("details", a.details());
        return m;
    }
}
