package teller.server.approval;

import java.util.List;

/**
 * What approving an order now would do, for one caller, computed by the same rules approve runs and
 * changing nothing (decision 0060).
 *
 * @param canApprove true when approve by this caller now would be accepted: no check is BLOCK or
 *                   NEEDS_SUPERVISOR (a NEEDS_SECOND_APPROVER check means it is accepted as the first
 *                   of two approvals)
 * @param postings   the ledger legs approving writes once the order goes through (for a game load or
 *                   withdrawal: the hold, then its posting when the provider executed)
 * @param approvals  where the order's approvals stand
 * @param currency   the order's currency
 */
public record ApprovalPreview(long orderId, String currency, boolean canApprove, List<Check> checks,
                              List<ApprovalPostings.Posting> postings, ApprovalProgress approvals) {
    public ApprovalPreview {
        checks = List.copyOf(checks);
        postings = List.copyOf(postings);
    }
}
