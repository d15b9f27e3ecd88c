package teller.server.db;

import java.util.List;
import java.util.OptionalLong;
import teller.server.approval.ApprovalPolicyStore;
import teller.server.common.Actor;

/** Maker-checker settings and first approvals (migration V5). */
public final class PgApprovalPolicyStore implements ApprovalPolicyStore {
    private final JdbiTransactor tx;

    public PgApprovalPolicyStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public OptionalLong dualApprovalMin(String currency) {
        return tx.handle().createQuery("SELECT amount_min FROM dual_approval_thresholds WHERE currency = :c")
                .bind("c", currency).mapTo(Long.class).findOne().map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public OptionalLong approvalCap(String operatorId, String currency) {
        return tx.handle().createQuery("""
                        SELECT amount_max FROM operator_approval_caps WHERE operator_id::text = :op AND currency = :c""")
                .bind("op", operatorId).bind("c", currency).mapTo(Long.class).findOne()
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public void recordApproval(long orderId, Actor approver, String note) {
        tx.handle().createUpdate("""
                        INSERT INTO order_approvals (order_id, approver_type, approver_id, note)
                        VALUES (:id, :type, :by, :note)""")
                .bind("id", orderId).bind("type", approver.type().name())
                .bind("by", approver.recordedId()).bind("note", note)
                .execute();
    }

    @Override
    public void setDualApprovalMin(String currency, Long amountMin, Actor by) {
        if (amountMin == null) {
            tx.handle().createUpdate("DELETE FROM dual_approval_thresholds WHERE currency = :c").bind("c", currency)
                    .execute();
            return;
        }
        tx.handle().createUpdate("""
                        INSERT INTO dual_approval_thresholds (currency, amount_min, updated_by) VALUES (:c, :min, :by)
                        ON CONFLICT (currency) DO UPDATE SET amount_min = EXCLUDED.amount_min, updated_at = now(),
                               updated_by = EXCLUDED.updated_by""")
                .bind("c", currency).bind("min", amountMin).bind("by", by.id()).execute();
    }

    @Override
    public boolean setApprovalCap(long operatorId, String currency, Long amountMax, Actor by) {
        boolean exists = tx.handle().createQuery("SELECT count(*) FROM operators WHERE id = :id").bind("id", operatorId)
                .mapTo(Long.class).one() > 0;
        if (!exists) {
            return false;
        }
        if (amountMax == null) {
            tx.handle().createUpdate("DELETE FROM operator_approval_caps WHERE operator_id = :op AND currency = :c")
                    .bind("op", operatorId).bind("c", currency).execute();
            return true;
        }
        tx.handle().createUpdate("""
                        INSERT INTO operator_approval_caps (operator_id, currency, amount_max, updated_by)
                        VALUES (:op, :c, :max, :by)
                        ON CONFLICT (operator_id, currency) DO UPDATE SET amount_max = EXCLUDED.amount_max,
                               updated_at = now(), updated_by = EXCLUDED.updated_by""")
                .bind("op", operatorId).bind("c", currency).bind("max", amountMax).bind("by", by.id()).execute();
        return true;
    }

    @Override
    public List<Threshold> thresholds() {
        return tx.handle().createQuery("SELECT currency, amount_min FROM dual_approval_thresholds ORDER BY currency")
                .map((rs, ctx) -> new Threshold(rs.getString("currency"), rs.getLong("amount_min"))).list();
    }

    @Override
    public List<Cap> caps() {
        return tx.handle().createQuery("""
                        SELECT operator_id, currency, amount_max FROM operator_approval_caps ORDER BY operator_id, currency""")
                .map((rs, ctx) -> new Cap(String.valueOf(rs.getLong("operator_id")), rs.getString("currency"),
                        rs.getLong("amount_max")))
                .list();
    }
}
