package teller.ui.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import teller.ui.api.ApiException;
import teller.ui.api.DashboardApi;
import teller.ui.api.OrderPage;
import teller.ui.api.OrderQuery;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderView;
import teller.ui.api.ReportsApi;
import teller.ui.api.TellerClient;
import teller.ui.common.ErrorText;

/**
 * Reads the dashboard (blocking; call on a background thread). A server with
 * {@code GET /api/v1/dashboard} gives KPIs and alerts in one call. An older one does not: then the
 * pending figures come from the queue itself ({@code GET /api/v1/orders}, oldest first), today's
 * decisions from the operations report, and the alerts are reported as not available — the console
 * does not try to reconstruct the server's alert rules from partial data.
 */
public final class DashboardSource {
    /** One page of the queue per call, the API's maximum. */
    static final int PENDING_PAGE_SIZE = OrderQuery.LIMIT_MAX;
    /** Pages read at most without the dashboard endpoint (10,000 orders); beyond, counts read "at least". */
    static final int PENDING_PAGES_MAX = 20;
    static final String NO_ALERTS = "Alerts are not available from this server: it has no dashboard endpoint "
            + "(GET /api/v1/dashboard). A newer server-core adds them.";

    private final TellerClient client;
    private final DashboardApi dashboard;
    private final ReportsApi reports;
    private final Clock clock;

    public DashboardSource(TellerClient client, Clock clock) {
        this.client = client;
        this.dashboard = new DashboardApi(client);
        this.reports = new ReportsApi(client);
        this.clock = clock;
    }

    public DashboardSnapshot load() {
        Optional<JsonNode> served = dashboard.dashboard();
        return served.isPresent() ? fromEndpoint(served.get()) : fromQueueAndReports();
    }

    static DashboardSnapshot fromEndpoint(JsonNode d) {
        JsonNode kpis = d.path("kpis");
        List<DashboardSnapshot.PendingTotal> pending = new ArrayList<>();
        for (JsonNode p : kpis.path("pending")) {
            pending.add(new DashboardSnapshot.PendingTotal(p.path("type").asText(), p.path("currency").asText(),
                    p.path("orders").asLong(), p.path("amount").asLong()));
        }
        JsonNode oldest = kpis.path("oldestPendingSeconds");
        DashboardSnapshot.Decisions today = new DashboardSnapshot.Decisions(kpis.path("approvedToday").asLong(),
                kpis.path("rejectedToday").asLong(), kpis.path("approvalRateToday").decimalValue(),
                kpis.path("approvedFailedToday").asLong());
        List<DashboardSnapshot.AlertState> alerts = new ArrayList<>();
        for (JsonNode a : d.path("alerts")) {
            alerts.add(new DashboardSnapshot.AlertState(a.path("name").asText(), a.path("active").asBoolean(),
                    a.path("message").asText("")));
        }
        Instant generated = d.hasNonNull("generatedAt") ? Instant.parse(d.get("generatedAt").asText()) : Instant.now();
        return new DashboardSnapshot(generated, pending, true, oldest.isNumber() ? oldest.asLong() : null, today, null,
                alerts, null);
    }

    private DashboardSnapshot fromQueueAndReports() {
        Instant now = clock.instant();
        Map<List<String>, long[]> totals = new TreeMap<>(DashboardSource::compare);
        Instant oldest = null;
        boolean complete = false;
        OrderQuery query = new OrderQuery(OrderStatus.PENDING_REVIEW, null, null, PENDING_PAGE_SIZE, null);
        for (int page = 0; page < PENDING_PAGES_MAX; page++) {
            OrderPage orders = client.listOrders(query);
            for (OrderView o : orders.items()) {
                long[] t = totals.computeIfAbsent(List.of(o.type() == null ? "?" : o.type().name(), o.currency()),
                        k -> new long[2]);
                t[0]++;
                t[1] = Math.addExact(t[1], o.amount());
                if (o.createdAt() != null && (oldest == null || o.createdAt().isBefore(oldest))) {
                    oldest = o.createdAt();
                }
            }
            if (orders.nextCursor() == null) {
                complete = true;
                break;
            }
            query = query.next(orders.nextCursor());
        }
        List<DashboardSnapshot.PendingTotal> pending = new ArrayList<>();
        totals.forEach((k, v) -> pending.add(new DashboardSnapshot.PendingTotal(k.get(0), k.get(1), v[0], v[1])));
        Long oldestSeconds = oldest == null ? null : Math.max(0, Duration.between(oldest, now).toSeconds());

        DashboardSnapshot.Decisions today = null;
        String todayUnavailable = null;
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try {
            Map<String, JsonNode> s = reports.report("operations", day, day, null).summary();
            if (s.containsKey("approvals") && s.containsKey("rejections")) {
                today = new DashboardSnapshot.Decisions(s.get("approvals").asLong(), s.get("rejections").asLong(),
                        s.containsKey("approvalRate") ? s.get("approvalRate").decimalValue() : BigDecimal.ZERO);
            } else {
                todayUnavailable = "Today's decisions are not available: the operations report has no approval figures.";
            }
        } catch (ApiException e) {
            todayUnavailable = e.status() == 403
                    ? "Today's decisions come from the operations report, which your role may not read."
                    : "Today's decisions are not available: " + ErrorText.of(e);
        }
        return new DashboardSnapshot(now, pending, complete, oldestSeconds, today, todayUnavailable, null, NO_ALERTS);
    }

    private static int compare(List<String> a, List<String> b) {
        int c = a.get(0).compareTo(b.get(0));
        return c != 0 ? c : a.get(1).compareTo(b.get(1));
    }
}
