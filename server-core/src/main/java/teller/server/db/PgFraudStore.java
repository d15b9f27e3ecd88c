package teller.server.db;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import teller.server.common.Page;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.risk.FraudFlag;
import teller.server.risk.FraudLevel;
import teller.server.risk.FraudRule;
import teller.server.risk.FraudRules;
import teller.server.risk.FraudStore;

/** Fraud flags and evaluations of migration V9. */
public final class PgFraudStore implements FraudStore {
    /** The score of each flag's player, computed the way {@link FraudLevel#score} does, in SQL. */
    private static final String FLAGS_WITH_SCORE = """
            SELECT f.*, coalesce(s.score, 0) AS player_score,
                   (SELECT op.username FROM operators op WHERE op.id::text = f.resolved_by) AS resolved_by_username
              FROM fraud_flags f
              LEFT JOIN LATERAL (SELECT least(%d, coalesce(sum(o.points), 0)) AS score FROM fraud_flags o
                                  WHERE o.player_id = f.player_id AND o.status = 'OPEN') s ON true
            """.formatted(FraudLevel.SCORE_MAX);

    private static final RowMapper<FraudFlag> FLAG = (rs, ctx) -> new FraudFlag(rs.getLong("id"),
            rs.getString("player_id"), Rows.nullableLong(rs, "order_id"), FraudRule.valueOf(rs.getString("rule")),
            Rows.jsonObject(rs.getString("evidence")), rs.getInt("points"),
            FraudFlag.Status.valueOf(rs.getString("status")),
            rs.getString("resolution") == null ? null : FraudFlag.Resolution.valueOf(rs.getString("resolution")),
            rs.getString("note"), rs.getString("resolved_by"), Rows.instant(rs, "resolved_at"),
            Rows.instant(rs, "created_at"), rs.getInt("player_score"), rs.getString("resolved_by_username"));

    private static final RowMapper<FraudRules.OrderFact> FACT = (rs, ctx) -> new FraudRules.OrderFact(rs.getLong("id"),
            OrderType.valueOf(rs.getString("type")), OrderStatus.valueOf(rs.getString("status")), rs.getLong("amount"),
            Rows.instant(rs, "created_at"), Rows.instant(rs, "executed_at"), rs.getString("proof_sha256"));

    private final JdbiTransactor tx;

    public PgFraudStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Subject> subject(long orderId, int limit) {
        Optional<String[]> found = tx.handle().createQuery("SELECT player_id, currency FROM orders WHERE id = :id")
                .bind("id", orderId).map((rs, ctx) -> new String[] {rs.getString("player_id"), rs.getString("currency")})
                .findOne();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> player = Optional.of(found.get()[0]);
        List<FraudRules.OrderFact> history = tx.handle().createQuery("""
                        SELECT id, type, status, amount, created_at, executed_at, proof_sha256 FROM orders
                         WHERE player_id = :player AND id <= :id ORDER BY id DESC LIMIT :limit""")
                .bind("player", player.get()).bind("id", orderId).bind("limit", limit).map(FACT).list();
        FraudRules.OrderFact order = history.stream().filter(o -> o.id() == orderId).findFirst().orElseThrow();
        return Optional.of(new Subject(player.get(), found.get()[1], order, history));
    }

    @Override
    public List<Long> ordersWithProof(String proofSha256, long exceptOrderId, int limit) {
        return tx.handle().createQuery("""
                        SELECT id FROM orders WHERE proof_sha256 = :sha AND id <> :id ORDER BY id LIMIT :limit""")
                .bind("sha", proofSha256).bind("id", exceptOrderId).bind("limit", limit).mapTo(Long.class).list();
    }

    @Override
    public List<OrderPlayer> playersOfOrders(Collection<Long> orderIds) {
        if (orderIds.isEmpty()) {
            return List.of();
        }
        return tx.handle().createQuery("""
                        SELECT o.player_id, p.username, array_agg(o.id ORDER BY o.id) AS ids
                          FROM orders o JOIN players p ON p.id = o.player_id
                         WHERE o.id = ANY (CAST(:ids AS bigint[])) GROUP BY o.player_id, p.username ORDER BY o.player_id""")
                .bindArray("ids", Long.class, new ArrayList<>(orderIds))
                .map((rs, ctx) -> new OrderPlayer(rs.getString("player_id"), rs.getString("username"),
                        List.of((Long[]) rs.getArray("ids").getArray())))
                .list();
    }

    @Override
    public Optional<Long> insertIfAbsent(String playerId, Long orderId, FraudRules.Finding finding, int points) {
        return tx.handle().createQuery("""
                        INSERT INTO fraud_flags (player_id, order_id, rule, dedupe_key, evidence, points)
                        VALUES (:player, :order, :rule, :key, CAST(:evidence AS jsonb), :points)
                        ON CONFLICT (rule, dedupe_key) DO NOTHING
                        RETURNING id""")
                .bind("player", playerId).bind("order", orderId).bind("rule", finding.rule().name())
                .bind("key", finding.dedupeKey()).bind("evidence", Rows.json(finding.evidence())).bind("points", points)
                .mapTo(Long.class).findOne();
    }

    @Override
    public void markEvaluated(long orderId, Instant at) {
        tx.handle().createUpdate("""
                        INSERT INTO fraud_evaluations (order_id, evaluated_at) VALUES (:id, :at)
                        ON CONFLICT (order_id) DO UPDATE SET evaluated_at = excluded.evaluated_at""")
                .bind("id", orderId).bind("at", Rows.utc(at)).execute();
    }

    @Override
    public List<Long> pendingToEvaluate(Instant evaluatedBefore, int limit) {
        return tx.handle().createQuery("""
                        SELECT o.id FROM orders o LEFT JOIN fraud_evaluations e ON e.order_id = o.id
                         WHERE o.status = 'PENDING_REVIEW' AND (e.evaluated_at IS NULL OR e.evaluated_at <= :before)
                         ORDER BY e.evaluated_at NULLS FIRST, o.id LIMIT :limit""")
                .bind("before", Rows.utc(evaluatedBefore)).bind("limit", limit).mapTo(Long.class).list();
    }

    @Override
    public Map<String, Integer> scores(Collection<String> playerIds) {
        Map<String, Integer> scores = new HashMap<>();
        tx.handle().createQuery("""
                        SELECT player_id, least(:max, sum(points)) AS score FROM fraud_flags
                         WHERE status = 'OPEN' AND player_id = ANY (CAST(:ids AS text[])) GROUP BY player_id""")
                .bind("max", FraudLevel.SCORE_MAX).bindArray("ids", String.class, new ArrayList<>(playerIds))
                .map((rs, ctx) -> Map.entry(rs.getString("player_id"), rs.getInt("score")))
                .forEach(e -> scores.put(e.getKey(), e.getValue()));
        return scores;
    }

    @Override
    public Optional<FraudFlag> find(long flagId) {
        return tx.handle().createQuery(FLAGS_WITH_SCORE + " WHERE f.id = :id").bind("id", flagId).map(FLAG).findOne();
    }

    @Override
    public Optional<FraudFlag> lock(long flagId) {
        Optional<Long> locked = tx.handle().createQuery("SELECT id FROM fraud_flags WHERE id = :id FOR UPDATE")
                .bind("id", flagId).mapTo(Long.class).findOne();
        return locked.flatMap(this::find);
    }

    @Override
    public void resolve(long flagId, FraudFlag.Resolution resolution, String note, String resolvedBy, Instant at) {
        tx.handle().createUpdate("""
                        UPDATE fraud_flags SET status = 'RESOLVED', resolution = :resolution, note = :note,
                               resolved_by = :by, resolved_at = :at
                         WHERE id = :id AND status = 'OPEN'""")
                .bind("id", flagId).bind("resolution", resolution.name()).bind("note", note).bind("by", resolvedBy)
                .bind("at", Rows.utc(at)).execute();
    }

    @Override
    public Page<FraudFlag> list(FraudFlag.Status status, FraudLevel level, String playerId, String cursor, int limit) {
        Long after = Rows.afterId(cursor);
        List<FraudFlag> rows = tx.handle().createQuery("""
                        SELECT * FROM (%s) x
                         WHERE (CAST(:status AS text) IS NULL OR x.status = :status)
                           AND (CAST(:player AS text) IS NULL OR x.player_id = :player)
                           AND (CAST(:scoreMin AS integer) IS NULL OR x.player_score BETWEEN :scoreMin AND :scoreMax)
                           AND (CAST(:after AS bigint) IS NULL OR x.id < :after)
                         ORDER BY x.id DESC LIMIT :limit""".formatted(FLAGS_WITH_SCORE))
                .bind("status", status == null ? null : status.name()).bind("player", playerId)
                .bind("scoreMin", level == null ? null : level.scoreMin())
                .bind("scoreMax", level == null ? null : level.scoreMax())
                .bind("after", after).bind("limit", limit + 1).map(FLAG).list();
        return PgLedger.page(rows, limit, FraudFlag::id);
    }

    @Override
    public List<FraudFlag> ofOrder(long orderId) {
        return tx.handle().createQuery(FLAGS_WITH_SCORE + " WHERE f.order_id = :id ORDER BY f.id")
                .bind("id", orderId).map(FLAG).list();
    }
}
