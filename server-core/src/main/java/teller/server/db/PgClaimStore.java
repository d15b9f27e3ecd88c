package teller.server.db;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import teller.server.approval.ClaimStore;
import teller.server.orders.OrderPeople;
import teller.server.orders.OrderStatus;

/** Claims on orders (migration V13); read with the orders themselves through {@link OrderPeopleSql}. */
public final class PgClaimStore implements ClaimStore {
    private final JdbiTransactor tx;

    public PgClaimStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public void put(long orderId, long operatorId, Instant claimedAt, Instant expiresAt) {
        tx.handle().createUpdate("""
                        INSERT INTO order_claims (order_id, operator_id, claimed_at, expires_at)
                        VALUES (:order, :operator, :claimedAt, :expiresAt)
                        ON CONFLICT (order_id) DO UPDATE SET operator_id = EXCLUDED.operator_id,
                               claimed_at = EXCLUDED.claimed_at, expires_at = EXCLUDED.expires_at""")
                .bind("order", orderId).bind("operator", operatorId).bind("claimedAt", Rows.utc(claimedAt))
                .bind("expiresAt", Rows.utc(expiresAt))
                .execute();
    }

    @Override
    public void delete(Collection<Long> orderIds) {
        tx.handle().createUpdate("DELETE FROM order_claims WHERE order_id = ANY (CAST(:ids AS bigint[]))")
                .bindArray("ids", Long.class, new ArrayList<>(orderIds)).execute();
    }

    @Override
    public List<Expired> deleteExpired(Instant now, int limit) {
        // Expiry is checked again on the row itself: a claim extended meanwhile is not removed.
        return tx.handle().createQuery("""
                        WITH gone AS (
                            DELETE FROM order_claims
                             WHERE order_id IN (SELECT order_id FROM order_claims WHERE expires_at <= :now
                                                 ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                               AND expires_at <= :now
                            RETURNING *)
                        SELECT gone.order_id, gone.operator_id, gone.claimed_at, gone.expires_at, op.username, o.status
                          FROM gone JOIN operators op ON op.id = gone.operator_id JOIN orders o ON o.id = gone.order_id
                         ORDER BY gone.expires_at""")
                .bind("now", Rows.utc(now)).bind("limit", limit)
                .map((rs, ctx) -> new Expired(rs.getLong("order_id"), OrderStatus.valueOf(rs.getString("status")),
                        new OrderPeople.Claim(String.valueOf(rs.getLong("operator_id")), rs.getString("username"),
                                Rows.instant(rs, "claimed_at"), Rows.instant(rs, "expires_at"))))
                .list();
    }
}
