package teller.server.orders;

/**
 * How the queue is ordered. Each sort has a total order (ties broken by id), so keyset paging under
 * it neither repeats nor skips an order.
 */
public enum OrderSort {
    /** Oldest first: created_at, then id. */
    AGE,
    /** Largest amount first, then oldest (id). */
    AMOUNT,
    /** Highest fraud score of the order's player first (open flags' points, capped), then oldest (id). */
    RISK
}
