package teller.server.orders;

import java.util.List;
import java.util.Optional;
import teller.server.common.Page;

/** Reads orders and inserts new ones. Status changes are not here: see approval.ApprovalStore. */
public interface OrderStore {
    /** Inserts unless the idempotency key exists; returns the stored order and whether it is new. */
    Inserted insertIfAbsent(NewOrder order);

    Optional<Order> find(long id);

    /** The order with the names of the people on it, read in one query. */
    Optional<ListedOrder> findListed(long id);

    /** Several orders with the names of the people on them, by id, in one query (missing ids are absent). */
    java.util.Map<Long, ListedOrder> findListed(java.util.Collection<Long> ids);

    /**
     * A page of orders, each with the names of the people on it, in the same query; {@code now}
     * decides which claims are live and where an age bound falls.
     */
    Page<ListedOrder> list(OrderFilter filter, String cursor, int limit, java.time.Instant now);

    List<OrderHistoryEntry> history(long orderId);

    record Inserted(Order order, boolean created) {
    }
}
