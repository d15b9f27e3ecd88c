package teller.server.orders;

import java.time.Clock;
import java.util.List;
import teller.server.common.NotFoundException;
import teller.server.common.Page;
import teller.server.common.Transactor;
import teller.server.ledger.Ledger;

/**
 * Read side of the approval queue. Orders come with the names of the people on them (read in the
 * same query) and only a claim that is still live.
 */
public final class OrderQueries {
    private final Transactor tx;
    private final OrderStore orders;
    private final Ledger ledger;
    private final Clock clock;

    public OrderQueries(Transactor tx, OrderStore orders, Ledger ledger, Clock clock) {
        this.tx = tx;
        this.orders = orders;
        this.ledger = ledger;
        this.clock = clock;
    }

    public record Detail(ListedOrder listed, List<OrderHistoryEntry> history, List<Long> ledgerTransactionIds) {
        public Order order() {
            return listed.order();
        }
    }

    public Page<ListedOrder> list(OrderFilter filter, String cursor, int limit) {
        Page<ListedOrder> page = tx.read(() -> orders.list(filter, cursor, limit, clock.instant()));
        return new Page<>(page.items().stream().map(this::liveClaimOnly).toList(), page.nextCursor());
    }

    public Order get(long id) {
        return tx.read(() -> orders.find(id)).orElseThrow(() -> new NotFoundException("order", String.valueOf(id)));
    }

    /** The order with its people, as lists show it. */
    public ListedOrder listed(long id) {
        return liveClaimOnly(tx.read(() -> orders.findListed(id))
                .orElseThrow(() -> new NotFoundException("order", String.valueOf(id))));
    }

    public Detail detail(long id) {
        return tx.read(() -> {
            ListedOrder listed = orders.findListed(id).orElseThrow(() -> new NotFoundException("order", String.valueOf(id)));
            return new Detail(liveClaimOnly(listed), orders.history(id), ledger.transactionIdsOfOrder(id));
        });
    }

    /** A claim that ran out is no claim: readers never see it (decision 0062). */
    private ListedOrder liveClaimOnly(ListedOrder listed) {
        OrderPeople people = listed.people();
        return people.claim() == null || people.claim().liveAt(clock.instant()) ? listed
                : new ListedOrder(listed.order(), people.withClaim(null));
    }
}
