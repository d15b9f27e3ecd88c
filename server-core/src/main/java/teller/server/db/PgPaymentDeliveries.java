package teller.server.db;

import org.jdbi.v3.core.mapper.RowMapper;
import teller.server.payments.ChargeStatus;
import teller.server.payments.PaymentDelivery;
import teller.server.payments.PaymentDeliveryStore;

public final class PgPaymentDeliveries implements PaymentDeliveryStore {
    static final RowMapper<PaymentDelivery> DELIVERY = (rs, ctx) -> new PaymentDelivery(rs.getLong("id"),
            rs.getString("provider"), rs.getString("charge_id"), rs.getString("player_id"), rs.getLong("amount"),
            rs.getString("currency"), ChargeStatus.valueOf(rs.getString("status")), Rows.nullableLong(rs, "order_id"),
            rs.getInt("deliveries"), Rows.instant(rs, "first_seen_at"), Rows.instant(rs, "last_seen_at"),
            rs.getString("last_error"));

    private final JdbiTransactor tx;

    public PgPaymentDeliveries(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public Locked insertOrLock(String provider, String chargeId, String playerId, long amount, String currency,
                               ChargeStatus status) {
        int inserted = tx.handle().createUpdate("""
                        INSERT INTO payment_deliveries (provider, charge_id, player_id, amount, currency, status)
                        VALUES (:provider, :charge, :player, :amount, :currency, :status)
                        ON CONFLICT ON CONSTRAINT payment_deliveries_charge_uq DO NOTHING""")
                .bind("provider", provider).bind("charge", chargeId).bind("player", playerId).bind("amount", amount)
                .bind("currency", currency).bind("status", status.name())
                .execute();
        // A concurrent first delivery of the same charge waits here for the other to commit, then
        // sees its row: deliveries of one charge are handled one at a time.
        PaymentDelivery row = tx.handle().createQuery("""
                        SELECT * FROM payment_deliveries WHERE provider = :provider AND charge_id = :charge FOR UPDATE""")
                .bind("provider", provider).bind("charge", chargeId)
                .map(DELIVERY).one();
        return new Locked(row, inserted == 1);
    }

    @Override
    public PaymentDelivery update(long id, ChargeStatus status, Long orderId, boolean countDelivery, String lastError) {
        return tx.handle().createQuery("""
                        UPDATE payment_deliveries
                           SET status = :status, order_id = :order, last_error = :error,
                               deliveries = deliveries + CASE WHEN :count THEN 1 ELSE 0 END,
                               last_seen_at = CASE WHEN :count THEN now() ELSE last_seen_at END
                         WHERE id = :id
                        RETURNING *""")
                .bind("id", id).bind("status", status.name()).bind("order", orderId).bind("error", lastError)
                .bind("count", countDelivery)
                .map(DELIVERY).one();
    }
}
