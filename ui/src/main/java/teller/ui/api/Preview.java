package teller.ui.api;

import java.util.List;

/**
 * {@code GET /api/v1/orders/{id}/preview}: what approving the order now would do, for this operator —
 * every check, the ledger postings, the approvals so far. Computed by the server's approve code.
 * {@code confirmAboveAmount}: CONFIRM_ABOVE_AMOUNT of the order's currency in minor units, or null
 * (decision 0145).
 */
public record Preview(String orderId, boolean canApprove, List<Check> checks, List<Posting> postings,
                      OrderView.Approvals approvals, Long confirmAboveAmount) {
    public Preview {
        checks = checks == null ? List.of() : List.copyOf(checks);
        postings = postings == null ? List.of() : List.copyOf(postings);
    }

    /** A preview of an order whose currency has no CONFIRM_ABOVE_AMOUNT. */
    public Preview(String orderId, boolean canApprove, List<Check> checks, List<Posting> postings,
                   OrderView.Approvals approvals) {
        this(orderId, canApprove, checks, postings, approvals, null);
    }

    /** One gate: {@code outcome} PASS, BLOCK, NEEDS_SUPERVISOR or NEEDS_SECOND_APPROVER, {@code detail} in plain words. */
    public record Check(String name, String outcome, String detail) {
        public boolean passes() {
            return "PASS".equals(outcome);
        }
    }

    /** One ledger leg approve would write: account, signed amount in minor units, HOLD / POST / VOID. */
    public record Posting(String account, String currency, long amount, String phase) {
    }

    /** The first check that stops approve, or null when approve would go through. */
    public Check firstRefusal() {
        return checks.stream().filter(c -> "BLOCK".equals(c.outcome()) || "NEEDS_SUPERVISOR".equals(c.outcome()))
                .findFirst().orElse(null);
    }

    /** The NEEDS_SECOND_APPROVER check, when approving now would be the first of two. */
    public Check secondApproverNeeded() {
        return checks.stream().filter(c -> "NEEDS_SECOND_APPROVER".equals(c.outcome())).findFirst().orElse(null);
    }
}
