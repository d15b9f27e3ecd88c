package teller.server.approval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.common.ConflictException;
import teller.server.common.ForbiddenException;
import teller.server.common.RuleViolationException;
import teller.server.orders.Order;
import teller.server.orders.OrderPeople;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.risk.FraudGate;
import teller.server.risk.FraudLevel;

/**
 * The checks about the order's state and who is asking: status, claim, self-approval, the second
 * approver, the caller's cap and the fraud gate. Pure functions, called only by {@link ApprovalRules}
 * (and, for reject, its status and claim checks).
 */
final class CallerChecks {
    private CallerChecks() {
    }

    /** Whether the caller's roles let it approve orders at all: enforced by the route, shown by the preview. */
    static Check role(boolean mayDecide) {
        return mayDecide ? Check.pass(Check.ROLE, "your role may approve orders")
                : Check.block(Check.ROLE, "your role may not approve orders; an APPROVER, SUPERVISOR or ADMIN may",
                        new ForbiddenException("FORBIDDEN", "your roles do not allow approving orders"));
    }

    static Check status(Order order, ApprovalRules.Intent intent) {
        if (intent == ApprovalRules.Intent.RETRY) {
            if (order.type() == OrderType.DEPOSIT) {
                return Check.block(Check.STATUS, "a deposit is posted at once and is never retried",
                        new ConflictException("ORDER_NOT_RETRYABLE", "deposits are posted at once and are never retried",
                                Map.of("type", order.type().name())));
            }
            if (order.status() != OrderStatus.APPROVED_FAILED) {
                return Check.block(Check.STATUS, "the order is " + order.status()
                        + "; only an APPROVED_FAILED order can be retried", notRetryable(order));
            }
            return Check.pass(Check.STATUS, "APPROVED_FAILED after " + order.execution().attempts()
                    + " attempt(s): it can be executed again");
        }
        if (order.status() != OrderStatus.PENDING_REVIEW) {
            return Check.block(Check.STATUS, "the order is " + order.status() + "; only a PENDING_REVIEW order can be approved",
                    notPending(order.id(), order.status().name(), "approved"));
        }
        return Check.pass(Check.STATUS, "PENDING_REVIEW: waiting for a decision");
    }

    static ConflictException notPending(long orderId, String status, String verb) {
        return new ConflictException("ORDER_NOT_PENDING", "order " + orderId + " is " + status + " and cannot be " + verb,
                Map.of("status", status));
    }

    private static ConflictException notRetryable(Order order) {
        return new ConflictException("ORDER_NOT_RETRYABLE", "only an APPROVED_FAILED order can be retried; order "
                + order.id() + " is " + order.status(), Map.of("status", order.status().name()));
    }

    /**
     * A live claim by another operator stops approve and reject alike (decision 0062). The system (a
     * confirmed payment) is not held up by an operator's claim; the Telegram bot acts as its operator.
     */
    static Check claim(long orderId, OrderPeople.Claim live, Actor actor) {
        if (live == null) {
            return Check.pass(Check.CLAIM, "nobody else is working on this order");
        }
        if (actor.type() == ActorType.SYSTEM) {
            return Check.pass(Check.CLAIM, "claimed by " + live.username() + ", but a confirmed payment is not held up by a claim");
        }
        if (ApprovalRules.actsAsOperator(actor) && live.operatorId().equals(actor.id())) {
            return Check.pass(Check.CLAIM, "you are working on this order until " + live.expiresAt());
        }
        return Check.block(Check.CLAIM, live.username() + " is working on this order until " + live.expiresAt(),
                claimed(orderId, live));
    }

    static ConflictException claimed(long orderId, OrderPeople.Claim live) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("claimedBy", Map.of("id", live.operatorId(), "username", live.username()));
        details.put("expiresAt", live.expiresAt().toString());
        return new ConflictException("ORDER_CLAIMED", "order " + orderId + " is being worked on by " + live.username()
                + " until " + live.expiresAt(), details);
    }

    static Check selfApproval(Order order, OrderPeople people, Actor actor) {
        if (order.madeBy(actor.id()) && ApprovalRules.actsAsOperator(actor)) {
            return Check.block(Check.SELF_APPROVAL, "you entered this order; someone else must approve it",
                    new ForbiddenException("SELF_APPROVAL", "you created order " + order.id() + " and may not approve it"));
        }
        // The maker by name (issue 16: "entered by maria", not "entered by operator 1").
        String maker = people != null && people.createdByUsername() != null ? people.createdByUsername()
                : order.createdByType().toLowerCase(java.util.Locale.ROOT)
                + (order.createdById() == null ? "" : " " + order.createdById());
        return Check.pass(Check.SELF_APPROVAL, "entered by " + maker + ", not by you");
    }

    /** The second-approver check and whether approving now records the first of two approvals. */
    record SecondApprover(Check check, boolean recordsFirst) {
    }

    static SecondApprover secondApprover(Order order, OrderPeople people, Actor actor) {
        List<OrderPeople.GivenApproval> given = people.approvals();
        if (given.isEmpty()) {
            if (actor.type() == ActorType.SYSTEM) {
                return new SecondApprover(Check.pass(Check.SECOND_APPROVER,
                        "a confirmed payment needs no second approver"), false);
            }
            Long min = people.dualApprovalMin();
            if (!ApprovalRules.needsTwo(order, min)) {
                return new SecondApprover(Check.pass(Check.SECOND_APPROVER, min == null
                        ? "one approval: no dual-approval threshold is set for " + order.currency()
                        : "one approval: below the dual-approval threshold of " + Figures.money(min, order.currency())),
                        false);
            }
            return new SecondApprover(new Check(Check.SECOND_APPROVER, Check.Outcome.NEEDS_SECOND_APPROVER,
                    "orders of " + Figures.money(min, order.currency()) + " or more need two approvers: yours will be "
                            + "the first, and a different operator must give the second", null), true);
        }
        OrderPeople.GivenApproval first = given.get(0);
        if (given.stream().anyMatch(a -> samePerson(a, actor))) {
            return new SecondApprover(Check.block(Check.SECOND_APPROVER, "you gave the first approval at " + first.at()
                    + "; a different operator must give the second", new ConflictException("APPROVAL_ALREADY_GIVEN",
                    "you already approved order " + order.id() + "; a different operator must give the second approval",
                    Map.of("approvals", "1 of 2"))), false);
        }
        return new SecondApprover(Check.pass(Check.SECOND_APPROVER, nameOf(first) + " gave the first approval at "
                + first.at() + "; yours is the second of two"), false);
    }

    /** OPERATOR and TELEGRAM_BOT with the same id are one person (decision 0031). */
    static boolean samePerson(OrderPeople.GivenApproval given, Actor actor) {
        boolean byOperator = given.approverType().equals(ActorType.OPERATOR.name())
                || given.approverType().equals(ActorType.TELEGRAM_BOT.name());
        if (byOperator && ApprovalRules.actsAsOperator(actor)) {
            return given.approverId().equals(actor.recordedId());
        }
        return given.approverType().equals(actor.type().name()) && given.approverId().equals(actor.recordedId());
    }

    private static String nameOf(OrderPeople.GivenApproval given) {
        return given.username() != null ? given.username() : given.approverId();
    }

    /** Operators may have a cap on the amounts they approve; the system (confirmed payments) has none. */
    static Check cap(Order order, Actor actor, Long cap) {
        if (actor.type() == ActorType.SYSTEM || actor.id() == null) {
            return Check.pass(Check.APPROVAL_CAP, "a confirmed payment has no approval cap");
        }
        if (cap == null) {
            return Check.pass(Check.APPROVAL_CAP, "you have no approval cap in " + order.currency());
        }
        if (order.amount() > cap) {
            return Check.block(Check.APPROVAL_CAP, Figures.money(order.amount(), order.currency())
                    + " is above your approval cap of " + Figures.money(cap, order.currency()),
                    new RuleViolationException("APPROVAL_CAP_EXCEEDED", "APPROVAL_CAP", "order " + order.id() + " is "
                            + order.amount() + " " + order.currency() + ", above your approval cap of " + cap,
                            Map.of("amount", order.amount(), "cap", cap, "currency", order.currency())));
        }
        return Check.pass(Check.APPROVAL_CAP, Figures.money(order.amount(), order.currency())
                + " is within your approval cap of " + Figures.money(cap, order.currency()));
    }

    /** An order of a RISKY or FRAUDULENT player needs a supervisor (decision 0035). */
    static Check fraudLevel(Order order, int score, Actor actor, Set<String> roles) {
        FraudLevel level = FraudLevel.of(score);
        String standing = "the player is " + level + " (fraud score " + score + ")";
        var refusal = FraudGate.refusal(order.playerId(), score, actor, roles);
        if (refusal.isPresent()) {
            return new Check(Check.FRAUD_LEVEL, Check.Outcome.NEEDS_SUPERVISOR,
                    standing + ": only a SUPERVISOR or ADMIN may approve", refusal.get());
        }
        if (!level.needsSupervisor()) {
            return Check.pass(Check.FRAUD_LEVEL, standing);
        }
        return Check.pass(Check.FRAUD_LEVEL, standing + (actor.type() == ActorType.SYSTEM
                ? "; a signed, confirmed payment needs no supervisor" : "; you may approve as a supervisor"));
    }
}
