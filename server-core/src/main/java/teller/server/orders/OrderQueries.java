package teller.server.orders;

import java.time.Clock;
import java.util.List;
import teller.server.audit.AuditEntry;
import teller.server.audit.AuditFilter;
import teller.server.audit.AuditLog;
import teller.server.common.InvalidInputException;
import teller.server.common.NotFoundException;
import teller.server.common.Page;
import teller.server.common.Transactor;
import teller.server.ledger.Ledger;
import teller.server.ledger.TransactionView;

/**
 * Read side of the approval queue. Orders come with the names of the people on them (read in the
 * same query) and only a claim that is still live.
 */
public final class OrderQueries {
    /** Audit rows a case shows at most (newest first); an order gathers a handful. */
    public static final int CASE_AUDIT_MAX = 500;

    private final Transactor tx;
    private final OrderStore orders;
    private final Ledger ledger;
    private final Clock clock;
    private final AuditLog audit;

    public OrderQueries(Transactor tx, OrderStore orders, Ledger ledger, Clock clock, AuditLog audit) {
        this.tx = tx;
        this.orders = orders;
        this.ledger = ledger;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Everything about one order, read at one moment (decision 0115): its status history, its
     * ledger transactions with their entries, its execution attempts and its audit trail (newest
     * first, at most {@link #CASE_AUDIT_MAX}); its approvals travel with {@code listed}.
     */
    public record Case(ListedOrder listed, List<OrderHistoryEntry> history, List<TransactionView> transactions,
                       List<ExecutionAttempt> attempts, List<AuditEntry> audit, boolean auditTruncated) {
        public Order order() {
            return listed.order();
        }
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

    public Case orderCase(long id) {
        return tx.snapshot(() -> {
            ListedOrder listed = orders.findListed(id).orElseThrow(() -> new NotFoundException("order", String.valueOf(id)));
            List<OrderHistoryEntry> history = orders.history(id);
            List<TransactionView> transactions = ledger.transactionIdsOfOrder(id).stream()
                    .map(t -> ledger.transaction(t).orElseThrow(() -> new IllegalStateException("transaction " + t + " vanished")))
                    .toList();
            var trail = audit.list(new AuditFilter(null, null, null, null, "ORDER", String.valueOf(id), null, null, null),
                    null, CASE_AUDIT_MAX);
            return new Case(liveClaimOnly(listed), history, transactions, ExecutionAttempt.of(history), trail.items(),
                    trail.nextCursor() != null);
        });
    }

    /** A claim that ran out is no claim: readers never see it (decision 0062). */
    private ListedOrder liveClaimOnly(ListedOrder listed) {
        OrderPeople people = listed.people();
        return people.claim() == null || people.claim().liveAt(clock.instant()) ? listed
                : new ListedOrder(listed.order(), people.withClaim(null));
    }
}
