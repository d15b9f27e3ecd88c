package teller.server.db;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import teller.server.approval.ApprovalStore;
import teller.server.audit.AuditEvent;
import teller.server.common.Actor;
import teller.server.ledger.Leg;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;

/**
 * The only code that writes {@code orders.status} (with {@code approval_apply_deposits} in
 * migration V13, which applies what the approval rules decided). Every transaction that changes a status first declares itself the approval path
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
    public void lockForDecision(Collection<Long> orderIds) {
        h().createQuery("""
                        SELECT set_config('teller.approval_path', 'on', true),
                               (SELECT count(*) FROM (SELECT id FROM orders WHERE id = ANY (CAST(:ids AS bigint[]))
                                                       ORDER BY id FOR UPDATE) AS locked)""")
                .bindArray("ids", Long.class, new ArrayList<>(new java.util.TreeSet<>(orderIds)))
                .mapTo(String.class).one();
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
    public List<Long> applyDeposits(List<DepositWrite> writes, long bucketHint) {
        List<Long> ids = new ArrayList<>(writes.size());
        List<String> currencies = new ArrayList<>(writes.size());
        List<String> keys = new ArrayList<>(writes.size());
        List<String> kinds = new ArrayList<>(writes.size());
        List<String> approverTypes = new ArrayList<>(writes.size());
        List<String> approverIds = new ArrayList<>(writes.size());
        List<String> notes = new ArrayList<>(writes.size());
        List<Integer> legOrders = new ArrayList<>();
        List<Long> legAccounts = new ArrayList<>();
        List<Long> legAmounts = new ArrayList<>();
        List<String> metadata = new ArrayList<>(writes.size());
        List<String> actorTypes = new ArrayList<>(writes.size());
        List<String> actorIds = new ArrayList<>(writes.size());
        List<String> origins = new ArrayList<>(writes.size());
        List<String> actions = new ArrayList<>(writes.size());
        List<String> details = new ArrayList<>(writes.size());
        List<String> eventTypes = new ArrayList<>(writes.size());
        List<String> payloads = new ArrayList<>(writes.size());
        for (DepositWrite w : writes) {
            ids.add(w.order().id());
            currencies.add(w.order().currency());
            keys.add(w.ledgerKey());
            kinds.add(w.ledgerKind());
            approverTypes.add(approverType(w.approver()));
            approverIds.add(w.approver().id());
            notes.add(w.note());
            for (Leg leg : w.legs()) {
                legOrders.add(ids.size());
                legAccounts.add(leg.accountId());
                legAmounts.add(leg.amount());
            }
            metadata.add(Rows.json(w.ledgerMetadata()));
            AuditEvent audit = w.announcement().audit();
            actorTypes.add(audit.actor().type().name());
            actorIds.add(audit.actor().recordedId());
            origins.add(audit.actor().origin());
            actions.add(audit.action());
            details.add(Rows.json(audit.details()));
            eventTypes.add(w.announcement().eventType());
            payloads.add(Rows.json(w.announcement().payload()));
        }
        return h().createQuery("""
                        SELECT transaction_id FROM approval_apply_deposits(CAST(:ids AS bigint[]),
                               CAST(:currencies AS text[]), CAST(:keys AS text[]), CAST(:kinds AS text[]),
                               CAST(:approverTypes AS text[]), CAST(:approverIds AS text[]), CAST(:notes AS text[]),
                               CAST(:legOrders AS integer[]), CAST(:legAccounts AS bigint[]), CAST(:legAmounts AS bigint[]),
                               CAST(:metadata AS jsonb[]), CAST(:actorTypes AS text[]), CAST(:actorIds AS text[]),
                               CAST(:origins AS text[]), CAST(:actions AS text[]), CAST(:details AS jsonb[]),
                               CAST(:eventTypes AS text[]), CAST(:payloads AS jsonb[]), :hint)
                               WITH ORDINALITY AS r
                         ORDER BY r.ordinality""")
                .bindArray("ids", Long.class, ids).bindArray("currencies", String.class, currencies)
                .bindArray("keys", String.class, keys).bindArray("kinds", String.class, kinds)
                .bindArray("approverTypes", String.class, approverTypes)
                .bindArray("approverIds", String.class, approverIds).bindArray("notes", String.class, notes)
                .bindArray("legOrders", Integer.class, legOrders).bindArray("legAccounts", Long.class, legAccounts)
                .bindArray("legAmounts", Long.class, legAmounts).bindArray("metadata", String.class, metadata)
                .bindArray("actorTypes", String.class, actorTypes).bindArray("actorIds", String.class, actorIds)
                .bindArray("origins", String.class, origins).bindArray("actions", String.class, actions)
                .bindArray("details", String.class, details).bindArray("eventTypes", String.class, eventTypes)
                .bindArray("payloads", String.class, payloads).bind("hint", bucketHint)
                .mapTo(Long.class).list();
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
