package teller.ui.api;

/**
 * Filters and paging of {@code GET /api/v1/orders}; null means "any" (or the first page).
 *
 * @param limit page size, 1..{@link #LIMIT_MAX}
 */
public record OrderQuery(OrderStatus status, OrderType type, String playerId, int limit, String cursor) {
    public static final int LIMIT_MAX = 500;

    public OrderQuery {
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be between 1 and " + LIMIT_MAX + ", was " + limit);
        }
    }

    public static OrderQuery pending(OrderType type, int limit) {
        return new OrderQuery(OrderStatus.PENDING_REVIEW, type, null, limit, null);
    }

    public OrderQuery next(String nextCursor) {
        return new OrderQuery(status, type, playerId, limit, nextCursor);
    }
}
