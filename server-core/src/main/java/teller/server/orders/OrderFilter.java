package teller.server.orders;

import java.time.Instant;

/**
 * {@code flagged}: null for any order, true for orders with an open fraud flag, false for those without.
 * {@code from} (inclusive) and {@code to} (exclusive) bound the creation time; {@code id} picks one order.
 */
public record OrderFilter(OrderStatus status, OrderType type, String playerId, Boolean flagged,
                          Instant from, Instant to, Long id) {
    public OrderFilter(OrderStatus status, OrderType type, String playerId, Boolean flagged) {
        this(status, type, playerId, flagged, null, null, null);
    }

    public OrderFilter(OrderStatus status, OrderType type, String playerId) {
        this(status, type, playerId, null);
    }

    public static OrderFilter all() {
        return new OrderFilter(null, null, null, null);
    }
}
