package teller.server.orders;

/** An order with the names of the people on it, as lists and details show it. */
public record ListedOrder(Order order, OrderPeople people) {
    public long id() {
        return order.id();
    }
}
