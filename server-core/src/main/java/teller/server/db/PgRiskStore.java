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

    /**
     * The risk locks of these orders' players, found and locked in one statement. COLLATE "C" sorts
     * as {@link #lockPlayers}' TreeSet does (player ids are ASCII), so every locker agrees on the order.
     */
    static void lockPlayersOf(org.jdbi.v3.core.Handle handle, Collection<Long> orderIds) {
        handle.createQuery("SELECT risk_lock_players_of(CAST(:ids AS bigint[]))")
                .bindArray("ids", Long.class, new ArrayList<>(orderIds)).mapTo(Long.class).one();
    }

    @Override
    public Map<String, PlayerActivity> activity(Collection<String> playerIds, Instant now) {
        Map<String, PlayerActivity> result = new HashMap<>();
        tx.handle().createQuery("""
                        SELECT p.id AS player_id, a.* FROM unnest(CAST(:ids AS text[])) AS p(id),
                               LATERAL risk_player_activity(p.id, :day, :week, :month) a""")
                .bindArray("ids", String.class, new ArrayList<>(playerIds))
                .bind("day", Rows.utc(now.minus(teller.server.risk.Limits.DAY)))
                .bind("week", Rows.utc(now.minus(teller.server.risk.Limits.WEEK)))
                .bind("month", Rows.utc(now.minus(teller.server.risk.Limits.MONTH)))
                .map((rs, ctx) -> Map.entry(rs.getString("player_id"), activity(rs)))
                .forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    /** The columns of {@code risk_player_activity} (migration V13) as a player's activity. */
    static PlayerActivity activity(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new PlayerActivity(rs.getLong("deposits_day"), rs.getLong("loads_day"), rs.getLong("payouts_day"),
                rs.getLong("loads_week"), rs.getLong("payouts_week"), rs.getLong("loads_month"),
                rs.getLong("payouts_month"), Rows.instant(rs, "last_withdrawal_at"));
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
