package teller.server.approval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.common.ConflictException;
import teller.server.common.NotFoundException;
import teller.server.common.RuleViolationException;
import teller.server.common.Transactor;
import teller.server.events.EventTypes;
import teller.server.events.Outbox;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;

/**
 * Maker-checker for {@link ApprovalService}: operators' approval caps, two approvers at or above a
 * currency's threshold (the first one recorded under the order's lock), and where an order's
 * approvals stand.
 */
final class MakerChecker {
    private final Transactor tx;
    private final ApprovalStore approvals;
    private final ApprovalPolicyStore policy;
    private final AuditLog audit;
    private final Outbox outbox;

    MakerChecker(Transactor tx, ApprovalStore approvals, ApprovalPolicyStore policy, AuditLog audit, Outbox outbox) {
        this.tx = tx;
        this.approvals = approvals;
        this.policy = policy;
        this.audit = audit;
        this.outbox = outbox;
    }

    /**
     * True when this approval alone decides the order: it needs one approver now and nobody has
     * given a first approval (runs inside the caller's read, without locking the order).
     */
    boolean singleApprover(Order order, Actor actor) {
        return requiredApprovals(order, actor) < 2 && policy.approvalsOf(order.id()).isEmpty();
    }

    /**
     * Operators may have a cap on the amounts they approve. The system itself (confirmed payment
     * webhooks) has none.
     */
    void checkCap(Order order, Actor actor) { // runs inside approve's read
        if (actor.type() == ActorType.SYSTEM || actor.id() == null) {
            return;
        }
        var cap = policy.approvalCap(actor.id(), order.currency());
        if (cap.isPresent() && order.amount() > cap.getAsLong()) {
            throw new RuleViolationException("APPROVAL_CAP_EXCEEDED", "APPROVAL_CAP", "order " + order.id() + " is "
                    + order.amount() + " " + order.currency() + ", above your approval cap of " + cap.getAsLong(),
                    Map.of("amount", order.amount(), "cap", cap.getAsLong(), "currency", order.currency()));
        }
    }

    /** Approvals an order needs now: two at or above its currency's threshold (never for the system). */
    private int requiredApprovals(Order order, Actor actor) {
        if (actor != null && actor.type() == ActorType.SYSTEM) {
            return 1;
        }
        var min = policy.dualApprovalMin(order.currency());
        return min.isPresent() && order.amount() >= min.getAsLong() ? 2 : 1;
    }

    /**
     * For an order that needs two approvers: under the order's lock, records this approval as the
     * first one and returns true, or returns false when a different approver already gave the first
     * (this one is then the second and the order proceeds). The same approver twice, from however
     * many sessions at once, is refused: the lock serializes them and the second finds its own row.
     */
    boolean recordFirstOfTwo(long orderId, Actor actor, String note) {
        return tx.inTransaction(() -> {
            Order order = approvals.lockForDecision(orderId)
                    .orElseThrow(() -> new NotFoundException("order", String.valueOf(orderId)));
            if (order.status() != OrderStatus.PENDING_REVIEW) {
                throw ApprovalService.notPending(orderId, order.status().name(), "approved");
            }
            List<ApprovalPolicyStore.FirstApproval> given = policy.approvalsOf(orderId);
            if (given.isEmpty() && requiredApprovals(order, actor) < 2) {
                return false;
            }
            boolean mine = given.stream().anyMatch(a -> samePerson(a, actor));
            if (mine) {
                throw new ConflictException("APPROVAL_ALREADY_GIVEN", "you already approved order " + orderId
                        + "; a different operator must give the second approval", Map.of("approvals", "1 of 2"));
            }
            if (!given.isEmpty()) {
                return false;
            }
            policy.recordApproval(orderId, actor, note);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("approvals", "1 of 2");
            details.put("amount", order.amount());
            details.put("currency", order.currency());
            audit.append(AuditEvent.success(actor, "ORDER_APPROVE_FIRST", "ORDER", String.valueOf(orderId), details));
            outbox.emit(EventTypes.ORDER_UPDATED, "ORDER", String.valueOf(orderId),
                    Map.of("orderId", String.valueOf(orderId), "status", order.status().name(), "approvals", "1 of 2"));
            return true;
        });
    }

    /** Each order's approval progress, in two queries whatever the page size. */
    Map<Long, ApprovalProgress> progress(List<Order> page) {
        return tx.read(() -> {
            Map<Long, List<ApprovalPolicyStore.FirstApproval>> first = policy.approvalsOf(
                    page.stream().map(Order::id).toList());
            Map<String, OptionalLong> thresholds = new HashMap<>();
            Map<Long, ApprovalProgress> progress = new HashMap<>();
            for (Order order : page) {
                List<ApprovalPolicyStore.FirstApproval> given = first.getOrDefault(order.id(), List.of());
                // The threshold matters only to a pending order nobody has approved yet.
                boolean needsTwo = false;
                if (order.status() == OrderStatus.PENDING_REVIEW && given.isEmpty()) {
                    var threshold = thresholds.computeIfAbsent(order.currency(), policy::dualApprovalMin);
                    needsTwo = threshold.isPresent() && order.amount() >= threshold.getAsLong();
                }
                progress.put(order.id(), progressOf(order, given, needsTwo));
            }
            return progress;
        });
    }

    static ApprovalProgress progressOf(Order order, List<ApprovalPolicyStore.FirstApproval> first,
                                               boolean needsTwoNow) {
        List<String> by = new ArrayList<>(first.stream().map(ApprovalPolicyStore.FirstApproval::approverId)
                .toList());
        if (order.approval() != null && order.approval().byId() != null) {
            by.add(order.approval().byId());
        }
        int required;
        if (!first.isEmpty()) {
            required = 2;
        } else if (order.status() == OrderStatus.PENDING_REVIEW) {
            required = needsTwoNow ? 2 : 1;
        } else {
            required = Math.max(1, by.size());
        }
        return new ApprovalProgress(by.size(), required, List.copyOf(by));
    }

    private static boolean samePerson(ApprovalPolicyStore.FirstApproval given, Actor actor) {
        boolean givenByOperator = given.approverType().equals(ActorType.OPERATOR.name())
                || given.approverType().equals(ActorType.TELEGRAM_BOT.name());
        if (givenByOperator && ApprovalService.actsAsOperator(actor)) {
            return given.approverId().equals(actor.recordedId());
        }
        return given.approverType().equals(actor.type().name()) && given.approverId().equals(actor.recordedId());
    }
}
