package teller.server.alerts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The console's landing figures: the queue, today's decisions, and the alerts. */
public record Dashboard(Instant generatedAt, Kpis kpis, List<Alert> alerts) {
    /**
     * @param pending              orders waiting, per type and currency (amounts in minor units)
     * @param oldestPendingSeconds age of the longest-waiting order, null when the queue is empty
     * @param approvedToday        approvals since 00:00 UTC
     * @param rejectedToday        rejections since 00:00 UTC
     * @param approvalRateToday    approved / (approved + rejected), 4 places; 0 with no decision yet
     */
    public record Kpis(List<DashboardStore.PendingTotal> pending, long pendingOrders, Long oldestPendingSeconds,
                       long approvedToday, long rejectedToday, BigDecimal approvalRateToday) {
    }

    public Alert alert(String name) {
        return alerts.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no alert " + name));
    }
}
