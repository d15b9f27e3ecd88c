package teller.server.risk;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import teller.server.approval.ApprovalGate;
import teller.server.approval.DepositApproval;
import teller.server.common.Actor;
import teller.server.common.RuleViolationException;
import teller.server.orders.Order;

/**
 * The approval gate with fraud in front: an order of a RISKY or FRAUDULENT player is refused to an
 * approver who is not a supervisor (or admin) before limits and compliance are asked. Checked in the
 * approval's own transaction (single orders and deposit batches alike) and, via
 * {@link #screenApprover}, before a first-of-two approval is recorded.
 */
public final class FraudGate implements ApprovalGate {
    private final ApprovalGate limits;
    private final FraudService fraud;

    public FraudGate(ApprovalGate limits, FraudService fraud) {
        this.limits = limits;
        this.fraud = fraud;
    }

    @Override
    public Optional<RuleViolationException> screenApprover(Order order, Actor actor) {
        return fraud.supervisorRequired(order.playerId(), actor);
    }

    @Override
    public Optional<RuleViolationException> screen(Order order, Actor actor) {
        Optional<RuleViolationException> refused = fraud.supervisorRequired(order.playerId(), actor);
        return refused.isPresent() ? refused : limits.screen(order, actor);
    }

    @Override
    public Map<Long, RuleViolationException> screenDeposits(List<DepositApproval> approvals) {
        Map<Long, Actor> actors = new HashMap<>();
        approvals.forEach(a -> actors.putIfAbsent(a.orderId(), a.actor()));
        Map<Long, RuleViolationException> refused = new HashMap<>(fraud.supervisorRequired(actors.keySet(), actors::get));
        if (refused.isEmpty()) {
            return limits.screenDeposits(approvals);
        }
        refused.putAll(limits.screenDeposits(approvals.stream().filter(a -> !refused.containsKey(a.orderId())).toList()));
        return refused;
    }
}
