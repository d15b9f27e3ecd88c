package teller.server.orders;

import java.util.List;
import teller.server.common.NotFoundException;
import teller.server.common.Page;
import teller.server.common.Transactor;
import teller.server.ledger.Ledger;

/** Read side of the approval queue. */
public final class OrderQueries {
    private final Transactor tx;
    private final OrderStore orders;
    private final Ledger ledger;

    public OrderQueries(Transactor tx, OrderStore orders, Ledger ledger) {
        this.tx = tx;
        this.orders = orders;
        this.ledger = ledger;
    }

    public record Detail(Order order, List<OrderHistoryEntry> history, List<Long> ledgerTransactionIds) {
    }

    public Page<Order> list(OrderFilter filter, String cursor, int limit) {
        return tx.read(() -> orders.list(filter, cursor, limit));
    }

    public Order get(long id) {
        return tx.read(() -> orders.find(id)).orElseThrow(() -> new NotFoundException("order", String.valueOf(id)));
    }

    public Detail detail(long id) {
        return tx.read(() -> {
            Order order = orders.find(id).orElseThrow(() -> new NotFoundException("order", String.valueOf(id)));
            return new Detail(order, orders.history(id), ledger.transactionIdsOfOrder(id));
        });
    }
}
