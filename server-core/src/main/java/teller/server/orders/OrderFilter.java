package teller.server.orders;

/** {@code flagged}: null for any order, true for orders with an open fraud flag, false for those without. */
public record OrderFilter(OrderStatus status, OrderType type, String playerId, Boolean flagged) {
    public OrderFilter(OrderStatus status, OrderType type, String playerId) {
        this(status, type, playerId, null);
    }

    public static OrderFilter all() {
        return new OrderFilter(null, null, null, null);
    }
}
