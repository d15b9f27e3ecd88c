package teller.server.approval;

import java.util.List;
import java.util.Map;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.DomainException;
import teller.server.events.Outbox;
import teller.server.orders.Order;
import teller.server.orders.OrderEvents;
import teller.server.risk.LimitCheck;
import teller.server.risk.RiskStore;

/**
 * The writes every approval decision shares, single or batched, in the caller's transaction: the
 * limit checks it made, the DENIED row of a refusal by a player rule, and a first of two approvals.
 */
final class DecisionWrites {
    private final RiskStore risk;
    private final ApprovalPolicyStore policy;
    private final AuditLog audit;
    private final Outbox outbox;

    DecisionWrites(RiskStore risk, ApprovalPolicyStore policy, AuditLog audit, Outbox outbox) {
        this.risk = risk;
        this.policy = policy;
        this.audit = audit;
        this.outbox = outbox;
    }

    /**
     * The checks are kept with the order (phase APPROVAL) when the player rules decided: the approval
     * went through, or one of them refused it. A refusal by anything before them changes nothing.
     */
    static boolean recordsChecks(Verdict verdict) {
        return verdict.action() != Verdict.Action.REFUSE || verdict.auditDenial();
    }

    void recordChecks(Map<Long, List<LimitCheck>> checksByOrder) {
        if (!checksByOrder.isEmpty()) {
            risk.recordChecks(checksByOrder);
        }
    }

    void denied(Actor actor, Order order, DomainException refusal) {
        OrderEvents.denied(actor, order, refusal).publish(audit, outbox);
    }

    void firstApproval(Order order, Actor actor, String note) {
        policy.recordApproval(order.id(), actor, note);
        firstApprovalEvent(order, actor).publish(audit, outbox);
    }

    /** The same DENIED row, planned for a batch's one write (decision 0135). */
    static void denied(BatchWrites batch, Actor actor, Order order, DomainException refusal) {
        batch.announce(OrderEvents.denied(actor, order, refusal), false);
    }

    /** The same first approval, planned for a batch's one write (decision 0135). */
    static void firstApproval(BatchWrites batch, Order order, Actor actor, String note) {
        batch.firstApproval(order.id(), actor, note);
        batch.announce(firstApprovalEvent(order, actor), false);
    }

    private static OrderEvents.Announcement firstApprovalEvent(Order order, Actor actor) {
        return OrderEvents.firstApproval(actor, order, "1 of 2");
    }
}
