package teller.server.db;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jdbi.v3.core.mapper.RowMapper;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.players.KycStatus;
import teller.server.risk.ExclusionType;
import teller.server.risk.LimitCheck;
import teller.server.risk.LimitRule;
import teller.server.risk.PlayerActivity;
import teller.server.risk.RiskStore;

/** Limits, limit checks and compliance columns of migration V6. */
public final class PgRiskStore implements RiskStore {
    private static final RowMapper<LimitCheck> CHECK = (rs, ctx) -> new LimitCheck(
            LimitRule.valueOf(rs.getString("rule")), Rows.nullableLong(rs, "limit_value"),
            Rows.nullableLong(rs, "current_value"), LimitCheck.Outcome.valueOf(rs.getString("outcome")),
            LimitCheck.Phase.valueOf(rs.getString("phase")), Rows.instant(rs, "checked_at"));

    private final JdbiTransactor tx;

    public PgRiskStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public void lockPlayers(Collection<String> playerIds) {
        // Sorted, so two transactions locking overlapping sets take the locks in the same order.
        List<String> sorted = new ArrayList<>(new TreeSet<>(playerIds));
        tx.handle().createQuery("""
                        SELECT count(pg_advisory_xact_lock(hashtextextended('teller.risk.player:' || p, 0)))
                          FROM unnest(CAST(:ids AS text[])) WITH ORDINALITY AS t(p, n)""")
                .bindArray("ids", String.class, sorted).mapTo(Long.class).one();
    }

    @Override
    public void lockPlayersOf(Collection<Long> orderIds) {
        // COLLATE "C" sorts as lockPlayers' TreeSet does (player ids are ASCII), so lockers agree on the order.
        tx.handle().createQuery("""
                        SELECT count(pg_advisory_xact_lock(hashtextextended('teller.risk.player:' || p, 0)))
                          FROM (SELECT DISTINCT player_id COLLATE "C" AS p FROM orders
                                 WHERE id = ANY (CAST(:ids AS bigint[])) ORDER BY 1) AS batch""")
                .bindArray("ids", Long.class, new ArrayList<>(orderIds)).mapTo(Long.class).one();
    }

    @Override
    public Map<String, PlayerActivity> activity(Collection<String> playerIds, Instant now) {
        Map<String, PlayerActivity> result = new HashMap<>();
        tx.handle().createQuery("""
                        SELECT player_id,
                               coalesce(sum(amount) FILTER (WHERE type = 'DEPOSIT' AND approved_at > :day), 0) AS deposits_day,
                               coalesce(sum(amount) FILTER (WHERE type = 'GAME_LOAD' AND approved_at > :day), 0) AS loads_day,
                               coalesce(sum(amount) FILTER (WHERE type = 'WITHDRAWAL' AND approved_at > :day), 0) AS payouts_day,
                               coalesce(sum(amount) FILTER (WHERE type = 'GAME_LOAD' AND approved_at > :week), 0) AS loads_week,
                               coalesce(sum(amount) FILTER (WHERE type = 'WITHDRAWAL' AND approved_at > :week), 0) AS payouts_week,
                               coalesce(sum(amount) FILTER (WHERE type = 'GAME_LOAD'), 0) AS loads_month,
                               coalesce(sum(amount) FILTER (WHERE type = 'WITHDRAWAL'), 0) AS payouts_month,
                               max(approved_at) FILTER (WHERE type = 'WITHDRAWAL') AS last_withdrawal_at
                          FROM orders
                         WHERE player_id = ANY (CAST(:ids AS text[]))
                           AND status IN ('EXECUTING', 'APPROVED_EXECUTED')
                           AND approved_at > :month
                         GROUP BY player_id""")
                .bindArray("ids", String.class, new ArrayList<>(playerIds))
                .bind("day", Rows.utc(now.minus(teller.server.risk.Limits.DAY)))
                .bind("week", Rows.utc(now.minus(teller.server.risk.Limits.WEEK)))
                .bind("month", Rows.utc(now.minus(teller.server.risk.Limits.MONTH)))
                .map((rs, ctx) -> Map.entry(rs.getString("player_id"), new PlayerActivity(rs.getLong("deposits_day"),
                        rs.getLong("loads_day"), rs.getLong("payouts_day"), rs.getLong("loads_week"),
                        rs.getLong("payouts_week"), rs.getLong("loads_month"), rs.getLong("payouts_month"),
                        Rows.instant(rs, "last_withdrawal_at"))))
                .forEach(e -> result.put(e.getKey(), e.getValue()));
        // A cooldown may be longer than the 30-day window: look further back for the last
        // withdrawal of the players the window did not show one for, in one query.
        List<String> older = playerIds.stream()
                .filter(id -> result.get(id) == null || result.get(id).lastWithdrawalAt() == null).toList();
        if (!older.isEmpty()) {
            tx.handle().createQuery("""
                            SELECT player_id, max(approved_at) AS last_at FROM orders
                             WHERE player_id = ANY(:ids) AND type = 'WITHDRAWAL' AND status IN ('EXECUTING', 'APPROVED_EXECUTED')
                             GROUP BY player_id""")
                    .bindArray("ids", String.class, older)
                    .map((rs, ctx) -> Map.entry(rs.getString("player_id"), Rows.instant(rs, "last_at")))
                    .forEach(e -> {
                        PlayerActivity base = result.getOrDefault(e.getKey(), PlayerActivity.NONE);
                        result.put(e.getKey(), new PlayerActivity(base.depositsDay(), base.loadsDay(), base.payoutsDay(),
                                base.loadsWeek(), base.payoutsWeek(), base.loadsMonth(), base.payoutsMonth(), e.getValue()));
                    });
        }
        return result;
    }

    @Override
    public Map<String, Map<LimitRule, Long>> overrides(Collection<String> playerIds) {
        Map<String, Map<LimitRule, Long>> result = new HashMap<>();
        tx.handle().createQuery("SELECT player_id, rule, value FROM player_limits WHERE player_id = ANY (CAST(:ids AS text[]))")
                .bindArray("ids", String.class, new ArrayList<>(playerIds))
                .map((rs, ctx) -> new Object[] {rs.getString("player_id"), LimitRule.valueOf(rs.getString("rule")),
                        rs.getLong("value")})
                .forEach(row -> result.computeIfAbsent((String) row[0], k -> new EnumMap<>(LimitRule.class))
                        .put((LimitRule) row[1], (Long) row[2]));
        return result;
    }

    @Override
    public void replaceOverrides(String playerId, Map<LimitRule, Long> overrides, String updatedBy) {
        tx.handle().createUpdate("DELETE FROM player_limits WHERE player_id = :id").bind("id", playerId).execute();
        for (Map.Entry<LimitRule, Long> e : overrides.entrySet()) {
            tx.handle().createUpdate("""
                            INSERT INTO player_limits (player_id, rule, value, updated_by) VALUES (:id, :rule, :value, :by)""")
                    .bind("id", playerId).bind("rule", e.getKey().name()).bind("value", e.getValue())
                    .bind("by", updatedBy).execute();
        }
    }

    @Override
    public void recordChecks(Map<Long, List<LimitCheck>> checksByOrder) {
        List<Long> orders = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        List<Long> limits = new ArrayList<>();
        List<Long> currents = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        List<java.time.OffsetDateTime> times = new ArrayList<>();
        checksByOrder.forEach((orderId, checks) -> {
            for (LimitCheck c : checks) {
                orders.add(orderId);
                phases.add(c.phase().name());
                rules.add(c.rule().name());
                limits.add(c.limit());
                currents.add(c.current());
                outcomes.add(c.outcome().name());
                times.add(Rows.utc(c.checkedAt()));
            }
        });
        if (orders.isEmpty()) {
            return;
        }
        // One statement for a whole batch of orders.
        tx.handle().createUpdate("""
                        INSERT INTO order_limit_checks (order_id, phase, rule, limit_value, current_value, outcome, checked_at)
                        SELECT * FROM unnest(CAST(:orders AS bigint[]), CAST(:phases AS text[]), CAST(:rules AS text[]),
                                             CAST(:limits AS bigint[]), CAST(:currents AS bigint[]),
                                             CAST(:outcomes AS text[]), CAST(:times AS timestamptz[]))""")
                .bindArray("orders", Long.class, orders).bindArray("phases", String.class, phases)
                .bindArray("rules", String.class, rules).bindArray("limits", Long.class, limits)
                .bindArray("currents", Long.class, currents).bindArray("outcomes", String.class, outcomes)
                .bindArray("times", java.time.OffsetDateTime.class, times)
                .execute();
    }

    @Override
    public List<LimitCheck> checks(long orderId) {
        return tx.handle().createQuery("SELECT * FROM order_limit_checks WHERE order_id = :id ORDER BY id")
                .bind("id", orderId).map(CHECK).list();
    }

    @Override
    public List<Subject> subjects(Collection<Long> orderIds) {
        return tx.handle().createQuery("""
                        SELECT o.id AS order_id, o.type AS order_type, o.status AS order_status, o.amount, p.*
                          FROM orders o JOIN players p ON p.id = o.player_id
                         WHERE o.id = ANY (CAST(:ids AS bigint[]))""")
                .bindArray("ids", Long.class, new ArrayList<>(orderIds))
                .map((rs, ctx) -> new Subject(rs.getLong("order_id"), OrderType.valueOf(rs.getString("order_type")),
                        OrderStatus.valueOf(rs.getString("order_status")), rs.getLong("amount"),
                        PgPlayerStore.PLAYER.map(rs, ctx)))
                .list();
    }

    @Override
    public void setKyc(String playerId, KycStatus status) {
        tx.handle().createUpdate("UPDATE players SET kyc_status = :s WHERE id = :id")
                .bind("s", status.name()).bind("id", playerId).execute();
    }

    @Override
    public void setExclusion(String playerId, ExclusionType type, Instant until, Instant setAt) {
        tx.handle().createUpdate("""
                        UPDATE players SET exclusion_type = :type, exclusion_until = :until, exclusion_set_at = :at,
                                           status = CASE WHEN status = 'SUSPENDED' THEN status ELSE 'SELF_EXCLUDED' END
                         WHERE id = :id""")
                .bind("type", type.name()).bind("until", Rows.utc(until)).bind("at", Rows.utc(setAt))
                .bind("id", playerId).execute();
    }
}
