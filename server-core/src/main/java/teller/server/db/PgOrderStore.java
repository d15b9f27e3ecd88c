package teller.server.db;

import java.util.List;
import java.util.Optional;
import teller.server.common.Page;
import teller.server.orders.ListedOrder;
import teller.server.orders.NewOrder;
import teller.server.orders.Order;
import teller.server.orders.OrderFilter;
import teller.server.orders.OrderHistoryEntry;
import teller.server.orders.OrderSort;
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

    /** A player's fraud score as {@code FraudLevel.score} computes it (open flags' points, capped), in SQL. */
    private static final String RISK = "(SELECT least(" + teller.server.risk.FraudLevel.SCORE_MAX
            + ", coalesce(sum(f.points), 0)) FROM fraud_flags f WHERE f.player_id = orders.player_id AND f.status = 'OPEN')";

    private static final String FILTERS = """
             WHERE (CAST(:status AS text) IS NULL OR orders.status = :status)
               AND (CAST(:type AS text) IS NULL OR orders.type = :type)
               AND (CAST(:playerId AS text) IS NULL OR orders.player_id = :playerId)
               AND (CAST(:flagged AS boolean) IS NULL OR :flagged = EXISTS (
                    SELECT 1 FROM fraud_flags f WHERE f.order_id = orders.id AND f.status = 'OPEN'))
               AND (CAST(:currency AS text) IS NULL OR orders.currency = :currency)
               AND (CAST(:amountMin AS bigint) IS NULL OR orders.amount >= :amountMin)
               AND (CAST(:amountMax AS bigint) IS NULL OR orders.amount <= :amountMax)
               AND (CAST(:createdBefore AS timestamptz) IS NULL OR orders.created_at < :createdBefore)
               AND (CAST(:from AS timestamptz) IS NULL OR orders.created_at >= :from)
               AND (CAST(:to AS timestamptz) IS NULL OR orders.created_at < :to)
               AND (CAST(:id AS bigint) IS NULL OR orders.id = :id)
               AND (CAST(:claimed AS text) IS NULL
                    OR :claimed = 'ME' AND EXISTS (SELECT 1 FROM order_claims c WHERE c.order_id = orders.id
                                                      AND c.operator_id = :operatorId AND c.expires_at > :now)
                    OR :claimed = 'UNCLAIMED' AND NOT EXISTS (SELECT 1 FROM order_claims c WHERE c.order_id = orders.id
                                                                 AND c.expires_at > :now))""";

    /**
     * Without a sort, pending orders come oldest first (the queue) and every other listing newest
     * first, paged by id. With a sort, the page is chosen on the orders table alone (filters, keyset,
     * limit) and only its rows get their people's names; the cursor carries the last row's sort value
     * and id (decision 0106).
     */
    @Override
    public Page<ListedOrder> list(OrderFilter filter, String cursor, int limit, java.time.Instant now) {
        OrderSort sort = filter.sort();
        String sortValue;
        String keyset;
        String order;
        if (sort == null) {
            boolean oldestFirst = filter.status() == OrderStatus.PENDING_REVIEW;
            sortValue = "orders.id";
            keyset = "(CAST(:afterId AS bigint) IS NULL OR x.id " + (oldestFirst ? ">" : "<") + " :afterId)";
            order = oldestFirst ? "x.id ASC" : "x.id DESC";
        } else {
            sortValue = switch (sort) {
                case AGE -> "orders.created_at";
                case AMOUNT -> "orders.amount";
                case RISK -> RISK;
            };
            String type = sort == OrderSort.AGE ? "timestamptz" : "bigint";
            String compare = sort == OrderSort.AGE ? ">" : "<";
            keyset = "(CAST(:afterId AS bigint) IS NULL OR x.sort_value " + compare + " CAST(:afterValue AS " + type + ")"
                    + " OR x.sort_value = CAST(:afterValue AS " + type + ") AND x.id > :afterId)";
            order = sort == OrderSort.AGE ? "x.sort_value ASC, x.id ASC" : "x.sort_value DESC, x.id ASC";
        }
        OrderCursor after = OrderCursor.parse(cursor, sort);
        String sql = """
                WITH page AS (
                    SELECT x.id, x.sort_value FROM (
                        SELECT orders.id, %s AS sort_value FROM orders %s) x
                     WHERE %s
                     ORDER BY %s LIMIT :limit)
                SELECT orders.*, %s, CAST(x.sort_value AS text) AS sort_text
                  FROM page x JOIN orders ON orders.id = x.id
                 ORDER BY %s""".formatted(sortValue, FILTERS, keyset, order, OrderPeopleSql.COLUMNS, order);
        var query = tx.handle().createQuery(sql)
                .bind("status", filter.status() == null ? null : filter.status().name())
                .bind("type", filter.type() == null ? null : filter.type().name())
                .bind("playerId", filter.playerId()).bind("flagged", filter.flagged())
                .bind("currency", filter.currency()).bind("amountMin", filter.amountMin())
                .bind("amountMax", filter.amountMax())
                .bind("createdBefore", filter.createdBeforeAt(now) == null ? null : Rows.utc(filter.createdBeforeAt(now)))
                .bind("claimed", filter.claimed() == null ? null : filter.claimed().name())
                .bind("operatorId", filter.operatorId()).bind("now", Rows.utc(now))
                .bind("from", Rows.utc(filter.from())).bind("to", Rows.utc(filter.to())).bind("id", filter.id())
                .bind("afterId", after == null ? null : after.id())
                .bind("limit", limit + 1);
        if (sort != null) {
            query.bind("afterValue", after == null ? null : after.value());
        }
        List<java.util.Map.Entry<ListedOrder, String>> rows = query
                .map((rs, ctx) -> java.util.Map.entry(OrderPeopleSql.LISTED.map(rs, ctx), sortText(rs, sort)))
                .list();
        if (rows.size() <= limit) {
            return new Page<>(rows.stream().map(java.util.Map.Entry::getKey).toList(), null);
        }
        var last = rows.get(limit - 1);
        return new Page<>(rows.subList(0, limit).stream().map(java.util.Map.Entry::getKey).toList(),
                sort == null ? Rows.cursor(last.getKey().id()) : new OrderCursor(sort, last.getValue(), last.getKey().id()).text());
    }

    /** The sort value as the cursor keeps it: an ISO instant for AGE (microseconds survive), else the number. */
    private static String sortText(java.sql.ResultSet rs, OrderSort sort) throws java.sql.SQLException {
        if (sort == OrderSort.AGE) {
            return Rows.instant(rs, "created_at").toString();
        }
        return rs.getString("sort_text");
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
