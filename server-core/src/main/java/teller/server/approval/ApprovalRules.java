package teller.server.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.common.DomainException;
import teller.server.orders.Order;
import teller.server.orders.OrderPeople;
import teller.server.orders.OrderStatus;
import teller.server.risk.Compliance;
import teller.server.risk.LimitCheck;
import teller.server.risk.Limits;
import teller.server.risk.RiskSettings;

/**
 * The approval rules, in one place (decision 0060): from the facts of one order and one caller, the
 * list of checks and what approve does. Approve from every channel, retry, the deposit batch and
 * the preview all call {@link #evaluate}; nothing else decides whether an approval goes through.
 * No I/O: the facts are read once, under the locks the approval path needs, before this runs.
 *
 * <p>Checks, in the order approve applies them (the first refusing one is what approve answers):
 * SELF_APPROVAL, STATUS, CLAIM (approve only), SECOND_APPROVER (approve only), APPROVAL_CAP,
 * FRAUD_LEVEL, SELF_EXCLUSION (deposits and game loads), KYC (withdrawals, when required), each
 * limit of the order's type, then FUNDS and PROVIDER (game loads and withdrawals).
 */
public final class ApprovalRules {
    /** What the caller asks for. */
    public enum Intent {
        /** Approve a PENDING_REVIEW order (the first or second of two approvals, or the only one). */
        APPROVE,
        /** Execute an APPROVED_FAILED game load or withdrawal again. */
        RETRY
    }

    private final RiskSettings risk;

    public ApprovalRules(RiskSettings risk) {
        this.risk = risk;
    }

    public Verdict evaluate(ApprovalFacts facts, Actor actor, Intent intent, Instant now) {
        Order order = facts.order();
        boolean approve = intent == Intent.APPROVE;
        List<Check> checks = new ArrayList<>();
        checks.add(CallerChecks.selfApproval(order, facts.people(), actor));
        checks.add(CallerChecks.status(order, intent));
        if (approve) {
            checks.add(CallerChecks.claim(order.id(), facts.people().liveClaim(now), actor));
        }
        boolean recordsFirst = false;
        if (approve) {
            CallerChecks.SecondApprover second = CallerChecks.secondApprover(order, facts.people(), actor);
            checks.add(second.check());
            recordsFirst = second.recordsFirst();
        }
        checks.add(CallerChecks.cap(order, actor, facts.callerCap()));
        checks.add(CallerChecks.fraudLevel(order, facts.fraudScore(), actor, facts.callerRoles()));
        int playerChecksFrom = checks.size();
        if (Compliance.exclusionApplies(order.type())) {
            checks.add(OrderChecks.exclusion(order, facts.player(), now));
        }
        if (Compliance.kycApplies(order.type(), risk.kycRequiredForWithdrawal())) {
            checks.add(OrderChecks.kyc(order, facts.player(), risk.kycRequiredForWithdrawal()));
        }
        List<LimitCheck> limits = Limits.evaluate(order.type(), order.amount(), facts.activity(),
                Limits.effective(risk.defaults(), facts.limitOverrides()), LimitCheck.Phase.APPROVAL, now);
        checks.addAll(OrderChecks.limits(order, limits));
        int playerChecksTo = checks.size();
        if (OrderChecks.executes(order.type())) {
            checks.add(OrderChecks.funds(order, facts.wallet()));
            checks.add(facts.provider() == null
                    ? OrderChecks.provider(order, new ProviderState(ProviderExecutions.kindOf(order.type()), false, false,
                            "DISABLED", null), now)
                    : OrderChecks.provider(order, facts.provider(), now));
        }
        int refusing = firstRefusing(checks);
        if (refusing >= 0) {
            DomainException refusal = checks.get(refusing).refusal();
            boolean playerRule = refusing >= playerChecksFrom && refusing < playerChecksTo;
            return new Verdict(checks, Verdict.Action.REFUSE, refusal, limits, playerRule);
        }
        return new Verdict(checks, recordsFirst ? Verdict.Action.RECORD_FIRST_APPROVAL : Verdict.Action.PROCEED, null,
                limits, false);
    }

    /** Reject's checks: the order must be pending, and no other operator may hold a live claim on it. */
    public Verdict evaluateReject(Order order, OrderPeople people, Actor actor, Instant now) {
        List<Check> checks = new ArrayList<>();
        checks.add(order.status() == OrderStatus.PENDING_REVIEW
                ? Check.pass(Check.STATUS, "PENDING_REVIEW: waiting for a decision")
                : Check.block(Check.STATUS, "the order is " + order.status() + "; only a PENDING_REVIEW order can be rejected",
                        CallerChecks.notPending(order.id(), order.status().name(), "rejected")));
        checks.add(CallerChecks.claim(order.id(), people.liveClaim(now), actor));
        int refusing = firstRefusing(checks);
        return refusing >= 0
                ? new Verdict(checks, Verdict.Action.REFUSE, checks.get(refusing).refusal(), List.of(), false)
                : new Verdict(checks, Verdict.Action.PROCEED, null, List.of(), false);
    }

    private static int firstRefusing(List<Check> checks) {
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).outcome().refuses()) {
                return i;
            }
        }
        return -1;
    }

    /** An order needs two approvers at or above its currency's threshold (decision 0012). */
    static boolean needsTwo(Order order, Long dualApprovalMin) {
        return dualApprovalMin != null && order.amount() >= dualApprovalMin;
    }

    /**
     * An operator deciding at the console or through the Telegram bot (whose actor carries the
     * operator's id) is the same person for maker-checker, dual approval and claims.
     */
    public static boolean actsAsOperator(Actor actor) {
        return actor.type() == ActorType.OPERATOR || actor.type() == ActorType.TELEGRAM_BOT;
    }

    /**
     * Where an order stands on its way to approval, for everyone who reads it: the first approvals
     * recorded and the final approver once approved, against what it needs (two from its first
     * approval on, or while pending at or above the threshold).
     */
    public static ApprovalProgress progress(Order order, OrderPeople people) {
        List<ApprovalProgress.Approver> by = new ArrayList<>();
        for (OrderPeople.GivenApproval given : people.approvals()) {
            by.add(new ApprovalProgress.Approver(given.approverType(), given.approverId(), given.username(), given.at()));
        }
        Order.Approval approval = order.approval();
        if (approval != null && approval.byType() != null) {
            by.add(new ApprovalProgress.Approver(approval.byType(), approval.byId(), people.approvedByUsername(),
                    approval.at()));
        }
        int required;
        if (!people.approvals().isEmpty()) {
            required = 2;
        } else if (order.status() == OrderStatus.PENDING_REVIEW) {
            required = needsTwo(order, people.dualApprovalMin()) ? 2 : 1;
        } else {
            required = Math.max(1, by.size());
        }
        return new ApprovalProgress(by.size(), required, by);
    }
}
