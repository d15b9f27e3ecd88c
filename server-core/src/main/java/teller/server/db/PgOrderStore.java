package teller.server.db;

import java.util.List;
import java.util.Optional;
import teller.server.common.Page;
import teller.server.orders.ListedOrder;
import teller.server.orders.NewOrder;
import teller.server.orders.Order;
import teller.server.orders.OrderFilter;
import teller.server.orders.OrderHistoryEntry;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderStore;

public final class PgOrderStore implements OrderStore {
    private final JdbiTransactor tx;

    public PgOrderStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public Inserted insertIfAbsent(NewOrder o) {
        Optional<Long> id = tx.handle().createQuery("""
                        INSERT INTO orders (type, player_id, amount, currency, game_name, payment_method, source_channel,
                                            conversation_id, idempotency_key, request_hash, proof_sha256,
                                            created_by_type, created_by_id)
                        VALUES (:type, :playerId, :amount, :currency, :gameName, :paymentMethod, :channel,
                                :conversationId, :key, :requestHash, :proof, :createdByType, :createdById)
                        ON CONFLICT (idempotency_key) DO NOTHING
                        RETURNING id""")
                .bind("type", o.type().name()).bind("playerId", o.playerId()).bind("amount", o.amount())
                .bind("currency", o.currency()).bind("gameName", o.gameName()).bind("paymentMethod", o.paymentMethod())
                .bind("channel", o.channel().name()).bind("conversationId", o.conversationId())
                .bind("key", o.idempotencyKey()).bind("requestHash", o.requestHash()).bind("proof", o.proofSha256())
                .bind("createdByType", o.createdByType()).bind("createdById", o.createdById())
                .mapTo(Long.class).findOne();
        if (id.isPresent()) {
            return new Inserted(find(id.get()).orElseThrow(), true);
        }
        Order existing = tx.handle().createQuery("SELECT * FROM orders WHERE idempotency_key = :key")
                .bind("key", o.idempotencyKey()).map(OrderRows.MAPPER).one();
        return new Inserted(existing, false);
    }

    @Override
    public Optional<Order> find(long id) {
        return tx.handle().createQuery("SELECT * FROM orders WHERE id = :id").bind("id", id).map(OrderRows.MAPPER).findOne();
    }

    @Override
    public Optional<ListedOrder> findListed(long id) {
        return tx.handle().createQuery("SELECT orders.*, " + OrderPeopleSql.COLUMNS + " FROM orders WHERE id = :id")
                .bind("id", id).map(OrderPeopleSql.LISTED).findOne();
    }

    @Override
    public java.util.Map<Long, ListedOrder> findListed(java.util.Collection<Long> ids) {
        java.util.Map<Long, ListedOrder> found = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        tx.handle().createQuery("SELECT orders.*, " + OrderPeopleSql.COLUMNS + " FROM orders WHERE id = ANY(:ids)")
                .bindArray("ids", Long.class, ids.toArray(Long[]::new)).map(OrderPeopleSql.LISTED)
                .forEach(listed -> found.put(listed.order().id(), listed));
        return found;
    }

    /** Pending orders come oldest first (the queue); every other listing newest first. */
    @Override
    public Page<ListedOrder> list(OrderFilter filter, String cursor, int limit) {
        Long after = Rows.afterId(cursor);
        boolean oldestFirst = filter.status() == OrderStatus.PENDING_REVIEW;
        String sql = """
                SELECT orders.*, %s FROM orders
                 WHERE (CAST(:status AS text) IS NULL OR status = :status)
                   AND (CAST(:type AS text) IS NULL OR type = :type)
                   AND (CAST(:playerId AS text) IS NULL OR player_id = :playerId)
                   AND (CAST(:flagged AS boolean) IS NULL OR :flagged = EXISTS (
                        SELECT 1 FROM fraud_flags f WHERE f.order_id = orders.id AND f.status = 'OPEN'))
                   AND (CAST(:after AS bigint) IS NULL OR id %s :after)
                 ORDER BY id %s LIMIT :limit""".formatted(OrderPeopleSql.COLUMNS, oldestFirst ? ">" : "<",
                oldestFirst ? "ASC" : "DESC");
        List<ListedOrder> rows = tx.handle().createQuery(sql)
                .bind("status", filter.status() == null ? null : filter.status().name())
                .bind("type", filter.type() == null ? null : filter.type().name())
                .bind("playerId", filter.playerId()).bind("flagged", filter.flagged()).bind("after", after).bind("limit", limit + 1)
                .map(OrderPeopleSql.LISTED).list();
        return PgLedger.page(rows, limit, ListedOrder::id);
    }

    @Override
    public List<OrderHistoryEntry> history(long orderId) {
        return tx.handle().createQuery("SELECT * FROM order_history WHERE order_id = :id ORDER BY id")
                .bind("id", orderId)
                .map((rs, ctx) -> new OrderHistoryEntry(rs.getLong("id"), Rows.instant(rs, "at"),
                        rs.getString("from_status"), rs.getString("to_status"), rs.getString("actor_type"),
                        rs.getString("actor_id"), rs.getString("note")))
                .list();
    }
}
