package teller.ui.queue;

import teller.ui.api.Decision;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderView;
import teller.ui.common.OrderText;

/**
 * What the last decision on the shown order came to, for the banner of the detail pane.
 *
 * @param title the order's resulting status (APPROVED_EXECUTED, APPROVED_FAILED, EXECUTING, REJECTED)
 *              or, for {@link Kind#ERROR}, the server's error code
 */
public record Outcome(Kind kind, String title, String message) {
    public enum Kind {
        /** Approved and executed: the money moved. */
        EXECUTED,
        /** Approved, but execution failed; the hold was released and nothing moved. */
        FAILED,
        /** Approved; the provider has not answered yet (HTTP 202), recovery finalizes it. */
        IN_FLIGHT,
        /** Rejected with a reason. */
        REJECTED,
        /** The first of two approvals was given: a success; the order waits for a second approver. */
        PARTLY_APPROVED,
        /** The server refused the decision, or could not be reached. */
        ERROR
    }

    /** What {@code decision} came to, in the banner's words. */
    static Outcome of(Decision decision) {
        OrderView order = decision.order();
        String what = OrderText.summary(order);
        if (decision.inFlight() || order.status() == OrderStatus.EXECUTING) {
            return new Outcome(Outcome.Kind.IN_FLIGHT, OrderStatus.EXECUTING.name(), what
                    + " is approved and still executing at the provider. Recovery finalizes it; refresh to see the result.");
        }
        if (order.status() == OrderStatus.PENDING_REVIEW && order.partlyApproved()) {
            return new Outcome(Kind.PARTLY_APPROVED, CardText.approvals(order),
                    what + ": your approval is recorded; waiting for a second approver.");
        }
        switch (order.status()) {
            case APPROVED_EXECUTED:
                String reference = order.providerReference();
                return new Outcome(Outcome.Kind.EXECUTED, order.status().name(), what + " executed"
                        + (reference == null ? "." : " (provider reference " + reference + ")."));
            case APPROVED_FAILED:
                String code = order.executionErrorCode();
                String error = order.executionErrorMessage() == null ? "no error was recorded"
                        : order.executionErrorMessage();
                return new Outcome(Outcome.Kind.FAILED, order.status().name(),
                        (code == null ? "" : code + ": ") + error + ". The hold was released; nothing moved.");
            case REJECTED:
                return new Outcome(Outcome.Kind.REJECTED, order.status().name(),
                        what + " rejected: " + order.rejectionReason());
            default:
                return new Outcome(Outcome.Kind.ERROR, order.status().name(),
                        what + " is now " + order.status().name() + ".");
        }
    }

    /** E.g. "Deposit #12 of $100.00 for p-1001" ({@link OrderText#summary}, which screens outside the queue use). */
    public static String summary(OrderView order) {
        return OrderText.summary(order);
    }
}
