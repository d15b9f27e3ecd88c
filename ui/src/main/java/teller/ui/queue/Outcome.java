package teller.ui.queue;

import teller.ui.api.Decision;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderView;
import teller.ui.common.Labels;
import teller.ui.common.OrderText;

/**
 * What the last decision on the shown order came to, for the banner of the detail pane.
 *
 * @param code  the order's resulting status (APPROVED_EXECUTED, APPROVED_FAILED, EXECUTING, REJECTED,
 *              PENDING_REVIEW for a first of two approvals) or, for {@link Kind#ERROR}, the server's error
 *              code (or the card's own: NOT_DECIDED, REASON_REQUIRED, NOT_TAKEN_OVER); never shown as such
 * @param title what the banner's title says, in the console's words ({@link Labels}): "Approved, done",
 *              "Rejected", "1 of 2 — approved by maria", "Not decided: …"
 */
public record Outcome(Kind kind, String code, String title, String message) {
    /** The decision's answer never arrived: whether it applied is unknown until the order is read again. */
    public static final String NOT_DECIDED = "NOT_DECIDED";

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

    /** A refusal or failure with its code, titled in words ({@link #errorTitle}). */
    static Outcome error(String code, String message) {
        return new Outcome(Kind.ERROR, code, errorTitle(code), message);
    }

    /** The banner's title for an error code: what happened, in words, never the bare code. */
    static String errorTitle(String code) {
        return switch (code) {
            case NOT_DECIDED -> "Not decided: no answer from the server";
            case "REASON_REQUIRED" -> "Not rejected: a reason is needed";
            case "NOT_TAKEN_OVER" -> "Not taken over";
            case "ORDER_CLAIMED" -> "Not decided: another operator is reviewing it";
            default -> "Not decided: " + Labels.label(code).toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** What {@code decision} came to, in the banner's words. */
    static Outcome of(Decision decision) {
        OrderView order = decision.order();
        String what = OrderText.summary(order);
        if (decision.inFlight() || order.status() == OrderStatus.EXECUTING) {
            return status(Kind.IN_FLIGHT, OrderStatus.EXECUTING, what
                    + " is approved and still executing at the provider. Recovery finalizes it; refresh to see the result.");
        }
        if (order.status() == OrderStatus.PENDING_REVIEW && order.partlyApproved()) {
            return new Outcome(Kind.PARTLY_APPROVED, order.status().name(), CardText.approvals(order),
                    what + ": your approval is recorded; waiting for a second approver.");
        }
        switch (order.status()) {
            case APPROVED_EXECUTED:
                String reference = order.providerReference();
                return status(Kind.EXECUTED, order.status(), what + " executed"
                        + (reference == null ? "." : " (provider reference " + reference + ")."));
            case APPROVED_FAILED:
                String code = order.executionErrorCode();
                String error = order.executionErrorMessage() == null ? "no error was recorded"
                        : order.executionErrorMessage();
                return status(Kind.FAILED, order.status(),
                        (code == null ? "" : code + ": ") + error + ". The hold was released; nothing moved.");
            case REJECTED:
                return status(Kind.REJECTED, order.status(), what + " rejected: " + order.rejectionReason());
            default:
                return status(Kind.ERROR, order.status(), what + " is now " + Labels.label(order.status()) + ".");
        }
    }

    private static Outcome status(Kind kind, OrderStatus status, String message) {
        return new Outcome(kind, status.name(), Labels.label(status), message);
    }

    /** E.g. "Deposit #12 of $100.00 for p-1001" ({@link OrderText#summary}, which screens outside the queue use). */
    public static String summary(OrderView order) {
        return OrderText.summary(order);
    }
}
