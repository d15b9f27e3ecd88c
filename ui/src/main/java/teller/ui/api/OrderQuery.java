package teller.ui.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Filters and paging of {@code GET /api/v1/orders}; null means "any" (or the first page).
 *
 * @param limit   page size, 1..{@link #LIMIT_MAX}
 * @param filters the queue's further filters and sort, by query parameter name (currency, amountMin,
 *                amountMax, flagged, claimed, olderThanMinutes, sort); null values are left out
 */
public record OrderQuery(OrderStatus status, OrderType type, String playerId, int limit, String cursor,
                         Map<String, String> filters) {
    public static final int LIMIT_MAX = 500;

    public OrderQuery {
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be between 1 and " + LIMIT_MAX + ", was " + limit);
        }
        filters = filters == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    }

    public OrderQuery(OrderStatus status, OrderType type, String playerId, int limit, String cursor) {
        this(status, type, playerId, limit, cursor, Map.of());
    }

    public static OrderQuery pending(OrderType type, int limit) {
        return new OrderQuery(OrderStatus.PENDING_REVIEW, type, null, limit, null);
    }

    public OrderQuery next(String nextCursor) {
        return new OrderQuery(status, type, playerId, limit, nextCursor, filters);
    }

    public OrderQuery withFilters(Map<String, String> more) {
        return new OrderQuery(status, type, playerId, limit, cursor, more);
    }
}
