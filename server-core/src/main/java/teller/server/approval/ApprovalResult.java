package teller.server.approval;

import teller.server.orders.ListedOrder;
import teller.server.orders.Order;

/**
 * The order after a decision, with the people on it; {@code inFlight} when a provider is still
 * executing it (HTTP 202).
 */
public record ApprovalResult(ListedOrder listed, boolean inFlight) {
    public Order order() {
        return listed.order();
    }

    /** Where its approvals stand, e.g. "1 of 2" after a first approval. */
    public ApprovalProgress progress() {
        return ApprovalRules.progress(listed.order(), listed.people());
    }
}
