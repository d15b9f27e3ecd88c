package teller.server.alerts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The console's landing figures: the queue, today's decisions, and the alerts. */
public record Dashboard(Instant generatedAt, Kpis kpis, List<Alert> alerts) {
    /**
     * @param pending              orders waiting, per type and currency (amounts in minor units)
     * @param oldestPendingSeconds age of the longest-waiting order, null when the queue is empty
     * @param approvedToday        approvals since 00:00 UTC whose order did not end APPROVED_FAILED
     * @param rejectedToday        rejections since 00:00 UTC
     * @param approvalRateToday    approvals (failed ones included) / decisions, 4 places; 0 with no decision yet
     * @param approvedFailedToday  approvals since 00:00 UTC whose order is APPROVED_FAILED (moved no money)
     */
    public record Kpis(List<DashboardStore.PendingTotal> pending, long pendingOrders, Long oldestPendingSeconds,
                       long approvedToday, long rejectedToday, BigDecimal approvalRateToday,
                       long approvedFailedToday) {
    }

    public Alert alert(String name) {
        return alerts.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no alert " + name));
    }
}
