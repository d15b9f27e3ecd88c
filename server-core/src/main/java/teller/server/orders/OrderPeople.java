package teller.server.orders;

import java.time.Instant;
import java.util.List;

/**
 * The people on an order, by name, read in the same query as the order itself: who entered it, who
 * approved, rejected or voided it, the first approvals given so far (when the order needs two), the
 * currency's dual-approval threshold at the time of reading, and who holds a claim on it.
 *
 * @param createdByUsername the maker's username for an operator; for an integration or the system, its name
 * @param dualApprovalMin   the threshold of the order's currency (minor units), or null when none is set
 * @param claim             the claim row, live or expired (see {@link Claim#liveAt}); null when there is none
 */
public record OrderPeople(String createdByUsername, String approvedByUsername, String rejectedByUsername,
                          String voidedByUsername, List<GivenApproval> approvals, Long dualApprovalMin, Claim claim) {
    public static final OrderPeople NONE = new OrderPeople(null, null, null, null, List.of(), null, null);

    public OrderPeople {
        approvals = List.copyOf(approvals);
    }

    /** A first approval of an order that needs two, with the approver's username. */
    public record GivenApproval(String approverType, String approverId, String username, Instant at, String note) {
    }

    /** A soft lock on an order: one operator works it until {@code expiresAt} (decision 0062). */
    public record Claim(String operatorId, String username, Instant claimedAt, Instant expiresAt) {
        public boolean liveAt(Instant now) {
            return expiresAt.isAfter(now);
        }
    }

    /** The claim if it is still live at {@code now}, else null. */
    public Claim liveClaim(Instant now) {
        return claim != null && claim.liveAt(now) ? claim : null;
    }

    public OrderPeople withApprovals(List<GivenApproval> given) {
        return new OrderPeople(createdByUsername, approvedByUsername, rejectedByUsername, voidedByUsername, given,
                dualApprovalMin, claim);
    }

    public OrderPeople withApprovedBy(String username) {
        return new OrderPeople(createdByUsername, username, rejectedByUsername, voidedByUsername, approvals,
                dualApprovalMin, claim);
    }

    public OrderPeople withClaim(Claim changed) {
        return new OrderPeople(createdByUsername, approvedByUsername, rejectedByUsername, voidedByUsername, approvals,
                dualApprovalMin, changed);
    }
}
