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
import teller.server.approval.ApprovalPostings;
import teller.server.approval.BatchWrites;
import teller.server.ledger.AccountCodes;
import teller.server.orders.OrderEvents;
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
    public List<Long> applyBatchAndCommit(BatchWrites writes, long bucketHint) {
        ArrayParams arrays = new ArrayParams("cOrders", "cPhases", "cRules", "cLimits", "cCurrents", "cOutcomes",
                "cTimes", "fOrders", "fTypes", "fIds", "fNotes", "aAfter", "aActorTypes", "aActorIds", "aActions",
                "aResourceTypes", "aResourceIds", "aOrigins", "aOutcomes", "aDetails", "eAfter", "eTypes",
                "eAggregateTypes", "eAggregateIds", "ePayloads", "endedClaims", "dIds", "dCurrencies", "dKeys", "dKinds",
                "dApproverTypes", "dApproverIds", "dNotes", "dLegOrders", "dLegCodes", "dLegTypes", "dLegCurrencies",
                "dLegAmounts", "dMetadata", "dActorTypes", "dActorIds", "dOrigins", "dActions", "dDetails",
                "dEventTypes", "dPayloads", "dTransactionIds", "kPrincipals", "kKeys", "kStatuses", "kBodies");
        writes.checks().forEach((orderId, checks) -> checks.forEach(c -> arrays.add("cOrders", orderId)
                .add("cPhases", c.phase().name()).add("cRules", c.rule().name()).add("cLimits", c.limit())
                .add("cCurrents", c.current()).add("cOutcomes", c.outcome().name())
                .add("cTimes", Rows.utc(c.checkedAt()))));
        for (BatchWrites.FirstApproval f : writes.firstApprovals()) {
            arrays.add("fOrders", f.orderId()).add("fTypes", f.approver().type().name())
                    .add("fIds", f.approver().recordedId()).add("fNotes", f.note());
        }
        for (BatchWrites.Announced a : writes.announcements()) {
            OrderEvents.Announcement announcement = a.announcement();
            AuditEvent audit = announcement.audit();
            if (audit != null) {
                arrays.add("aAfter", a.afterPostings()).add("aActorTypes", audit.actor().type().name())
                        .add("aActorIds", audit.actor().recordedId()).add("aActions", audit.action())
                        .add("aResourceTypes", audit.resourceType()).add("aResourceIds", audit.resourceId())
                        .add("aOrigins", audit.actor().origin()).add("aOutcomes", audit.outcome().name())
                        .add("aDetails", Rows.json(audit.details()));
            }
            if (announcement.eventType() != null) {
                arrays.add("eAfter", a.afterPostings()).add("eTypes", announcement.eventType())
                        .add("eAggregateTypes", announcement.aggregateType())
                        .add("eAggregateIds", announcement.aggregateId()).add("ePayloads", Rows.json(announcement.payload()));
            }
        }
        writes.endedClaims().forEach(id -> arrays.add("endedClaims", id));
        for (DepositWrite w : writes.deposits()) {
            arrays.add("dIds", w.order().id()).add("dCurrencies", w.order().currency()).add("dKeys", w.ledgerKey())
                    .add("dKinds", w.ledgerKind()).add("dApproverTypes", approverType(w.approver()))
                    .add("dApproverIds", w.approver().id()).add("dNotes", w.note())
                    .add("dMetadata", Rows.json(w.ledgerMetadata()));
            int position = arrays.size("dIds");
            for (ApprovalPostings.Posting leg : w.legs()) {
                arrays.add("dLegOrders", position).add("dLegCodes", leg.account())
                        .add("dLegTypes", leg.accountType().name()).add("dLegCurrencies", leg.currency())
                        .add("dLegAmounts", leg.amount());
            }
            AuditEvent audit = w.announcement().audit();
            arrays.add("dActorTypes", audit.actor().type().name()).add("dActorIds", audit.actor().recordedId())
                    .add("dOrigins", audit.actor().origin()).add("dActions", audit.action())
                    .add("dDetails", Rows.json(audit.details())).add("dEventTypes", w.announcement().eventType())
                    .add("dPayloads", Rows.json(w.announcement().payload()))
                    .add("dTransactionIds", w.transactionId());
        }
        for (BatchWrites.KeyAnswer k : writes.answers()) {
            arrays.add("kPrincipals", k.principal()).add("kKeys", k.key()).add("kStatuses", k.status())
                    .add("kBodies", k.body());
        }
        var query = h().createQuery("""
                        SELECT approval_batch_apply(
                            CAST(:cOrders AS bigint[]), CAST(:cPhases AS text[]), CAST(:cRules AS text[]),
                            CAST(:cLimits AS bigint[]), CAST(:cCurrents AS bigint[]), CAST(:cOutcomes AS text[]),
                            CAST(:cTimes AS timestamptz[]),
                            CAST(:fOrders AS bigint[]), CAST(:fTypes AS text[]), CAST(:fIds AS text[]),
                            CAST(:fNotes AS text[]),
                            CAST(:aAfter AS boolean[]), CAST(:aActorTypes AS text[]), CAST(:aActorIds AS text[]),
                            CAST(:aActions AS text[]), CAST(:aResourceTypes AS text[]), CAST(:aResourceIds AS text[]),
                            CAST(:aOrigins AS text[]), CAST(:aOutcomes AS text[]), CAST(:aDetails AS jsonb[]),
                            CAST(:eAfter AS boolean[]), CAST(:eTypes AS text[]), CAST(:eAggregateTypes AS text[]),
                            CAST(:eAggregateIds AS text[]), CAST(:ePayloads AS jsonb[]),
                            CAST(:endedClaims AS bigint[]),
                            CAST(:dIds AS bigint[]), CAST(:dCurrencies AS text[]), CAST(:dKeys AS text[]),
                            CAST(:dKinds AS text[]), CAST(:dApproverTypes AS text[]), CAST(:dApproverIds AS text[]),
                            CAST(:dNotes AS text[]), CAST(:dLegOrders AS integer[]), CAST(:dLegCodes AS text[]),
                            CAST(:dLegTypes AS text[]), CAST(:dLegCurrencies AS text[]), CAST(:dLegAmounts AS bigint[]),
                            CAST(:dMetadata AS jsonb[]), CAST(:dActorTypes AS text[]), CAST(:dActorIds AS text[]),
                            CAST(:dOrigins AS text[]), CAST(:dActions AS text[]), CAST(:dDetails AS jsonb[]),
                            CAST(:dEventTypes AS text[]), CAST(:dPayloads AS jsonb[]), :houseBuckets, :hint,
                            CAST(:dTransactionIds AS bigint[]),
                            CAST(:kPrincipals AS text[]), CAST(:kKeys AS text[]), CAST(:kStatuses AS integer[]),
                            CAST(:kBodies AS text[])) AS transactions;
                        COMMIT""")
                .bind("houseBuckets", AccountCodes.HOT_ACCOUNT_BUCKETS).bind("hint", bucketHint);
        arrays.bindTo(query);
        // The apply, then COMMIT: two statements, one round trip. The driver then knows the
        // transaction ended, so the caller's own commit sends nothing (decision 0170).
        return query.execute((statement, ctx) -> {
            try (java.sql.ResultSet rs = statement.get().getResultSet()) {
                rs.next();
                return List.of((Long[]) rs.getArray("transactions").getArray());
            }
        });
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

    private static String approverType(Actor actor) {
        return ApprovalStore.approverType(actor);
    }
}
