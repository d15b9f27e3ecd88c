package teller.server.approval;

import java.util.List;
import teller.server.common.DomainException;
import teller.server.risk.LimitCheck;

/**
 * What the approval rules decided for one order and one caller: every check, and what approve does
 * about it. The preview shows the checks; approve applies the action; both come from the same call
 * of {@link ApprovalRules#evaluate}.
 *
 * @param refusal      what approve throws when {@code action} is REFUSE: the first refusing check's
 * @param limitChecks  the limits as evaluated (recorded with the order when approve runs)
 * @param auditDenial  true when the refusal comes from a player rule (self-exclusion, KYC, a limit), which the
 *                     approval transaction audits as DENIED next to the recorded checks
 */
public record Verdict(List<Check> checks, Action action, DomainException refusal, List<LimitCheck> limitChecks,
                      boolean auditDenial) {
    public enum Action {
        /** A check refuses: nothing changes (apart from the recorded limit checks and a DENIED audit row). */
        REFUSE,
        /** Accepted as the first of two approvals: recorded, the order stays PENDING_REVIEW. */
        RECORD_FIRST_APPROVAL,
        /** Accepted: a deposit is posted, a game load or withdrawal starts executing. */
        PROCEED
    }

    public Verdict {
        checks = List.copyOf(checks);
        limitChecks = List.copyOf(limitChecks);
    }

    /** True when approve by this caller now would be accepted, including as the first of two approvals. */
    public boolean canApprove() {
        return action != Action.REFUSE;
    }
}
