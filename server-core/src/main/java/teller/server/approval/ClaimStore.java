package teller.server.approval;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import teller.server.orders.OrderPeople;
import teller.server.orders.OrderStatus;

/** Claims on orders (migration V13). Implemented by the database layer; every method joins the caller's transaction. */
public interface ClaimStore {
    /** Writes the order's claim, replacing whatever claim row it had. */
    void put(long orderId, long operatorId, Instant claimedAt, Instant expiresAt);

    /** Removes the claims of these orders, live or expired. */
    void delete(Collection<Long> orderIds);

    /** Removes up to {@code limit} claims that ran out at {@code now}, skipping rows others hold; returns them. */
    List<Expired> deleteExpired(Instant now, int limit);

    /** A claim that ran out, with its order's status. */
    record Expired(long orderId, OrderStatus status, OrderPeople.Claim claim) {
    }
}
