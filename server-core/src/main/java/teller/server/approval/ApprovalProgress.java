package teller.server.approval;

import java.util.List;

/**
 * How far an order is on its way to approval: {@code given} of {@code required} approvals, by
 * whom. Shown with the order ("1 of 2") so the second approver knows what is asked of them.
 */
public record ApprovalProgress(int given, int required, List<String> approverIds) {
    public String label() {
        return given + " of " + required;
    }
}
