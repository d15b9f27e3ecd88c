package teller.server.approval;

import java.time.Instant;
import java.util.List;

/**
 * How far an order is on its way to approval: {@code given} of {@code required} approvals, by
 * whom. Shown with the order ("1 of 2") so the second approver knows what is asked of them.
 */
public record ApprovalProgress(int given, int required, List<Approver> by) {
    public ApprovalProgress {
        by = List.copyOf(by);
    }

    /** One approval: by an operator (directly or through the Telegram bot) or by the system. */
    public record Approver(String type, String id, String username, Instant at) {
    }

    public String label() {
        return given + " of " + required;
    }
}
