package teller.server.orders;

public record OrderFilter(OrderStatus status, OrderType type, String playerId) {
    public static OrderFilter all() {
        return new OrderFilter(null, null, null);
    }
}
