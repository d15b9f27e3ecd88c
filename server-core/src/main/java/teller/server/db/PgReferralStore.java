package teller.server.db;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.mapper.RowMapper;
import teller.server.common.Page;
import teller.server.referrals.ReferralReward;
import teller.server.referrals.ReferralStore;

public final class PgReferralStore implements ReferralStore {
    /** Any constant will do: it only has to differ from the other advisory locks of the schema. */
    private static final long GRAPH_LOCK_KEY = 0x7465_6c6c_7265_6631L;

    static final RowMapper<ReferralReward> REWARD = (rs, ctx) -> new ReferralReward(rs.getLong("id"),
            rs.getString("buyer_id"), rs.getLong("order_id"), rs.getString("referrer_id"), rs.getInt("level"),
            rs.getInt("percent"), rs.getLong("deposit_amount"), rs.getLong("amount"), rs.getString("currency"),
            ReferralReward.Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
            Rows.instant(rs, "next_attempt_at"), rs.getString("last_error"), Rows.nullableLong(rs, "transaction_id"),
            Rows.instant(rs, "created_at"), Rows.instant(rs, "granted_at"));

    private final JdbiTransactor tx;

    public PgReferralStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public void lockGraph() {
        tx.handle().createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked").bind("key", GRAPH_LOCK_KEY)
                .mapTo(Integer.class).one();
    }

    @Override
    public boolean setReferrer(String playerId, String referrerId) {
        return tx.handle().createUpdate("UPDATE players SET referrer_id = :referrer WHERE id = :id AND referrer_id IS NULL")
                .bind("id", playerId).bind("referrer", referrerId).execute() == 1;
    }

    @Override
    public long referredCount(String referrerId) {
        return tx.handle().createQuery("SELECT count(*) FROM players WHERE referrer_id = :id").bind("id", referrerId)
                .mapTo(Long.class).one();
    }

    @Override
    public OptionalLong lockScan() {
        return tx.handle().createQuery("SELECT last_order_id FROM referral_scan WHERE id = 1 FOR UPDATE SKIP LOCKED")
                .mapTo(Long.class).findOne().map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public List<Candidate> candidates(long afterOrderId, int limit) {
        return tx.handle().createQuery("""
                        SELECT o.id, o.player_id, p.referrer_id, o.amount, o.currency, r.currency AS referrer_currency,
                               (SELECT count(*) FROM players x WHERE x.referrer_id = p.referrer_id) AS referred
                          FROM orders o
                          JOIN players p ON p.id = o.player_id
                          JOIN players r ON r.id = p.referrer_id
                         WHERE o.type = 'DEPOSIT' AND o.status = 'APPROVED_EXECUTED' AND o.id > :after
                           AND NOT EXISTS (SELECT 1 FROM referral_rewards w WHERE w.order_id = o.id)
                         ORDER BY o.id
                         LIMIT :limit""")
                .bind("after", afterOrderId).bind("limit", limit)
                .map((rs, ctx) -> new Candidate(rs.getLong("id"), rs.getString("player_id"), rs.getString("referrer_id"),
                        rs.getLong("amount"), rs.getString("currency").trim(), rs.getString("referrer_currency").trim(),
                        rs.getLong("referred")))
                .list();
    }

    @Override
    public boolean insertReward(NewReward r) {
        return tx.handle().createUpdate("""
                        INSERT INTO referral_rewards (buyer_id, order_id, referrer_id, level, percent, deposit_amount,
                                                      amount, currency, status, last_error)
                        VALUES (:buyer, :order, :referrer, :level, :percent, :deposit, :amount, :currency, :status, :note)
                        ON CONFLICT DO NOTHING""")
                .bind("buyer", r.buyerId()).bind("order", r.orderId()).bind("referrer", r.referrerId())
                .bind("level", r.level()).bind("percent", r.percent()).bind("deposit", r.depositAmount())
                .bind("amount", r.amount()).bind("currency", r.currency()).bind("status", r.status().name())
                .bind("note", r.note())
                .execute() == 1;
    }

    @Override
    public long safeWatermark(long current, long graceSeconds) {
        return tx.handle().createQuery("""
                        SELECT LEAST(
                                 COALESCE((SELECT min(id) - 1 FROM orders
                                            WHERE status IN ('PENDING_REVIEW', 'EXECUTING') AND type = 'DEPOSIT'
                                              AND id > :current), 9223372036854775807),
                                 COALESCE((SELECT max(id) FROM orders
                                            WHERE id > :current AND created_at < now() - make_interval(secs => :grace)),
                                          :current))""")
                .bind("current", current).bind("grace", (double) graceSeconds)
                .mapTo(Long.class).one();
    }

    @Override
    public void advanceScan(long lastOrderId) {
        tx.handle().createUpdate("UPDATE referral_scan SET last_order_id = :id WHERE id = 1 AND last_order_id < :id")
                .bind("id", lastOrderId).execute();
    }

    @Override
    public Optional<ReferralReward> claimDue(java.util.Set<Long> skip) {
        return tx.handle().createQuery("""
                        SELECT * FROM referral_rewards
                         WHERE status = 'PENDING' AND next_attempt_at <= now() AND NOT (id = ANY(:skip))
                         ORDER BY next_attempt_at, id
                         LIMIT 1
                           FOR UPDATE SKIP LOCKED""")
                .bind("skip", skip.toArray(new Long[0]))
                .map(REWARD).findOne();
    }

    @Override
    public void markGranted(long rewardId, long transactionId) {
        tx.handle().createUpdate("""
                        UPDATE referral_rewards
                           SET status = 'GRANTED', transaction_id = :tx, granted_at = now(), attempts = attempts + 1,
                               last_error = NULL
                         WHERE id = :id AND status = 'PENDING'""")
                .bind("id", rewardId).bind("tx", transactionId).execute();
    }

    @Override
    public void markFailedAttempt(long rewardId, String error, long delayMillis, boolean giveUp) {
        tx.handle().createUpdate("""
                        UPDATE referral_rewards
                           SET attempts = attempts + 1, last_error = :error,
                               status = CASE WHEN :giveUp THEN 'FAILED' ELSE status END,
                               next_attempt_at = now() + make_interval(secs => :delay)
                         WHERE id = :id AND status = 'PENDING'""")
                .bind("id", rewardId).bind("error", error).bind("giveUp", giveUp)
                .bind("delay", delayMillis / 1000.0).execute();
    }

    @Override
    public Page<ReferralReward> rewardsOf(String referrerId, String cursor, int limit) {
        Long before = Rows.afterId(cursor);
        List<ReferralReward> rows = tx.handle().createQuery("""
                        SELECT * FROM referral_rewards
                         WHERE referrer_id = :id AND (CAST(:before AS bigint) IS NULL OR id < :before)
                         ORDER BY id DESC
                         LIMIT :limit""")
                .bind("id", referrerId).bind("before", before).bind("limit", limit + 1)
                .map(REWARD).list();
        if (rows.size() > limit) {
            return new Page<>(rows.subList(0, limit), Rows.cursor(rows.get(limit - 1).id()));
        }
        return new Page<>(rows, null);
    }
}
