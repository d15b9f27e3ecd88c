package teller.ui.queue;

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
        /** The server refused the decision, or could not be reached. */
        ERROR
    }
}
