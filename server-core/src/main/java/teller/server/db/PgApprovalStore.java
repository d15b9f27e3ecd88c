package teller.server.db;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import teller.server.approval.ApprovalStore;
import teller.server.approval.DepositApproval;
import teller.server.approval.DepositOutcome;
import teller.server.common.Actor;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;

/**
 * The only code that writes {@code orders.status} (with {@code approval_approve_deposits} in
 * migration V4). Every transaction that changes a status first declares itself the approval path
 * (the {@code teller.approval_path} setting that the orders trigger requires).
 */
public final class PgApprovalStore implements ApprovalStore {
    private final JdbiTransactor tx;

    public PgApprovalStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    private Handle h() {
        return tx.handle();
    }

    @Override
    public Optional<Order> lockForDecision(long orderId) {
        h().createQuery("SELECT set_config('teller.approval_path', 'on', true)").mapTo(String.class).one();
        return h().createQuery("SELECT * FROM orders WHERE id = :id FOR UPDATE").bind("id", orderId)
                .map(OrderRows.MAPPER).findOne();
    }

    @Override
    public void markExecuting(Order order, Actor approver, boolean recordApprover, String note, int attempt,
                              long holdTransactionId, Instant leaseUntil) {
        h().createUpdate("""
                        UPDATE orders SET status = 'EXECUTING', execution_attempts = :attempt,
                               hold_transaction_id = :hold, execution_lease_until = :lease, execution_error = NULL,
                               approved_by_type = CASE WHEN :record THEN :byType ELSE approved_by_type END,
                               approved_by_id = CASE WHEN :record THEN :byId ELSE approved_by_id END,
                               approved_at = CASE WHEN :record THEN now() ELSE approved_at END,
                               approval_note = CASE WHEN :record THEN :note ELSE approval_note END
                         WHERE id = :id""")
                .bind("attempt", attempt).bind("hold", holdTransactionId).bind("lease", Rows.utc(leaseUntil))
                .bind("record", recordApprover).bind("byType", approverType(approver)).bind("byId", approver.id())
                .bind("note", note).bind("id", order.id())
                .execute();
        history(order.id(), order.status(), OrderStatus.EXECUTING, approver, note == null ? "attempt " + attempt : note);
    }

    @Override
    public void completeExecution(Order order, boolean executed, String error, Map<String, Object> result, Actor actor) {
        OrderStatus to = executed ? OrderStatus.APPROVED_EXECUTED : OrderStatus.APPROVED_FAILED;
        h().createUpdate("""
                        UPDATE orders SET status = :status, execution_lease_until = NULL,
                               executed_at = CASE WHEN :executed THEN now() ELSE NULL END,
                               posting_transaction_id = CASE WHEN :executed THEN hold_transaction_id ELSE NULL END,
                               execution_error = :error, execution_result = CAST(:result AS jsonb)
                         WHERE id = :id AND status = 'EXECUTING'""")
                .bind("status", to.name()).bind("executed", executed).bind("error", error)
                .bind("result", Rows.json(result)).bind("id", order.id())
                .execute();
        history(order.id(), OrderStatus.EXECUTING, to, actor, error);
    }

    @Override
    public void reject(Order order, Actor actor, String reason) {
        h().createUpdate("""
                        UPDATE orders SET status = 'REJECTED', rejected_by_type = :byType, rejected_by_id = :byId,
                               rejected_at = now(), rejection_reason = :reason
                         WHERE id = :id""")
                .bind("byType", actor.type().name()).bind("byId", actor.id()).bind("reason", reason)
                .bind("id", order.id())
                .execute();
        history(order.id(), order.status(), OrderStatus.REJECTED, actor, reason);
    }

    @Override
    public void markVoided(Order order, Actor actor, String reason, long reversalTransactionId) {
        h().createUpdate("""
                        UPDATE orders SET status = 'VOIDED', voided_by_id = :byId, voided_at = now(), void_reason = :reason,
                               reversal_transaction_id = :reversal
                         WHERE id = :id""")
                .bind("byId", actor.id()).bind("reason", reason).bind("reversal", reversalTransactionId)
                .bind("id", order.id())
                .execute();
        history(order.id(), order.status(), OrderStatus.VOIDED, actor, reason);
    }

    @Override
    public boolean renewLease(long orderId, int attempt, Instant expectedLease, Instant leaseUntil) {
        return h().createUpdate("""
                        UPDATE orders SET execution_lease_until = :until
                         WHERE id = :id AND status = 'EXECUTING' AND execution_attempts = :attempt
                           AND execution_lease_until = :expected""")
                .bind("until", Rows.utc(leaseUntil)).bind("id", orderId).bind("attempt", attempt)
                .bind("expected", Rows.utc(expectedLease))
                .execute() == 1;
    }

    @Override
    public List<Long> claimExpiredExecutions(Instant now, Instant leaseUntil, int limit) {
        return h().createQuery("""
                        UPDATE orders SET execution_lease_until = :until
                         WHERE id IN (SELECT id FROM orders
                                       WHERE status = 'EXECUTING' AND execution_lease_until < :now
                                       ORDER BY execution_lease_until LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .bind("until", Rows.utc(leaseUntil)).bind("now", Rows.utc(now)).bind("limit", limit)
                .mapTo(Long.class).list();
    }

    @Override
    public List<DepositOutcome> approveDeposits(List<DepositApproval> approvals, long bucketHint) {
        List<Long> ids = new ArrayList<>(approvals.size());
        List<String> types = new ArrayList<>(approvals.size());
        List<String> actorIds = new ArrayList<>(approvals.size());
        List<String> notes = new ArrayList<>(approvals.size());
        List<String> origins = new ArrayList<>(approvals.size());
        for (DepositApproval approval : approvals) {
            ids.add(approval.orderId());
            types.add(approverType(approval.actor()));
            actorIds.add(approval.actor().id());
            notes.add(approval.note());
            origins.add(approval.actor().origin());
        }
        return h().createQuery("""
                        SELECT result_order_id, outcome, detail
                          FROM approval_approve_deposits(CAST(:ids AS bigint[]), CAST(:types AS text[]),
                               CAST(:actorIds AS text[]), CAST(:notes AS text[]), CAST(:origins AS text[]), :hint)
                               WITH ORDINALITY AS r
                         ORDER BY r.ordinality""")
                .bindArray("ids", Long.class, ids).bindArray("types", String.class, types)
                .bindArray("actorIds", String.class, actorIds).bindArray("notes", String.class, notes)
                .bindArray("origins", String.class, origins).bind("hint", bucketHint)
                .map((rs, ctx) -> new DepositOutcome(rs.getLong("result_order_id"),
                        DepositOutcome.Kind.valueOf(rs.getString("outcome")), rs.getString("detail")))
                .list();
    }

    private void history(long orderId, OrderStatus from, OrderStatus to, Actor actor, String note) {
        h().createUpdate("""
                        INSERT INTO order_history (order_id, from_status, to_status, actor_type, actor_id, note)
                        VALUES (:id, :from, :to, :actorType, :actorId, :note)""")
                .bind("id", orderId).bind("from", from.name()).bind("to", to.name())
                .bind("actorType", actor.type().name()).bind("actorId", actor.recordedId())
                .bind("note", note)
                .execute();
    }

    /** Orders record approvers as OPERATOR, TELEGRAM_BOT or SYSTEM. */
    private static String approverType(Actor actor) {
        return switch (actor.type()) {
            case OPERATOR -> "OPERATOR";
            case TELEGRAM_BOT -> "TELEGRAM_BOT";
            case INTEGRATION, SYSTEM, ANONYMOUS -> "SYSTEM";
        };
    }
}
