package teller.ui.dashboard;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What the dashboard shows, from the server's dashboard endpoint or, on a server without one,
 * from the orders list and the operations report. A figure the server could not give is null with
 * the reason beside it; nothing is estimated.
 *
 * @param pending              waiting orders per type and currency
 * @param pendingComplete      false when the queue was longer than the console reads (counts are then "at least")
 * @param oldestPendingSeconds age of the longest-waiting order; null when the queue is empty
 * @param today                today's decisions (UTC day); null when unavailable, see {@code todayUnavailable}
 * @param alerts               the server's alerts; null when unavailable, see {@code alertsUnavailable}
 */
public record DashboardSnapshot(Instant generatedAt, List<PendingTotal> pending, boolean pendingComplete,
                                Long oldestPendingSeconds, Decisions today, String todayUnavailable,
                                List<AlertState> alerts, String alertsUnavailable) {
    public DashboardSnapshot {
        pending = List.copyOf(pending);
        alerts = alerts == null ? null : List.copyOf(alerts);
    }

    /** Orders waiting of one type in one currency; {@code amount} in minor units. */
    public record PendingTotal(String type, String currency, long orders, long amount) {
    }

    /** Decisions since 00:00 UTC; {@code approvalRate} a fraction (approved / decided). */
    /**
     * @param approved       approvals whose order did not end APPROVED_FAILED
     * @param approvedFailed approvals whose order ended APPROVED_FAILED (no money moved); 0 when unknown
     */
    public record Decisions(long approved, long rejected, BigDecimal approvalRate, long approvedFailed) {
        public Decisions(long approved, long rejected, BigDecimal approvalRate) {
            this(approved, rejected, approvalRate, 0);
        }

    }

    /** One alert as the server evaluated it. */
    public record AlertState(String name, boolean active, String message) {
    }
}
