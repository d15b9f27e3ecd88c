package teller.server.approval;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import teller.server.common.Actor;
import teller.server.common.RuleViolationException;
import teller.server.orders.Order;

/**
 * The rules an approval must pass (limits, compliance), asked inside the approval's own
 * transaction so the answer holds when the order is decided. A refusal is returned, not thrown, so
 * the gate's record of the checks commits even though the order stays undecided.
 */
public interface ApprovalGate {
    /** Checks one order already locked for a decision (game load, withdrawal, retry). */
    Optional<RuleViolationException> screen(Order order, Actor actor);

    /** Checks a batch of deposit approvals; returns the refusal of each refused order by order id. */
    Map<Long, RuleViolationException> screenDeposits(List<DepositApproval> approvals);

    /**
     * Refuses an approver who may not decide this order at all (e.g. a flagged player's order needs a
     * supervisor), before anything is recorded, such as the first of two approvals. Read-only.
     */
    default Optional<RuleViolationException> screenApprover(Order order, Actor actor) {
        return Optional.empty();
    }

}
