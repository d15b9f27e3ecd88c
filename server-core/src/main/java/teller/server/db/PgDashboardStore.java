package teller.server.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import teller.server.alerts.DashboardStore;

/** The dashboard's queries, each served by an index of migrations V2, V7 or V12 (decision 0046). */
public final class PgDashboardStore implements DashboardStore {
    private final JdbiTransactor tx;

    public PgDashboardStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    private Handle h() {
        return tx.handle();
    }

    @Override
    public List<PendingTotal> pending() {
        // orders_status_id_ix: only the pending rows are read.
        return h().createQuery("""
                        SELECT type, currency, count(*) AS orders, coalesce(sum(amount), 0) AS amount
                          FROM orders WHERE status = 'PENDING_REVIEW'
                         GROUP BY type, currency ORDER BY type, currency""")
                .map((rs, ctx) -> new PendingTotal(rs.getString("type"), rs.getString("currency").trim(),
                        rs.getLong("orders"), rs.getLong("amount")))
                .list();
    }

    @Override
    public Optional<Instant> oldestPendingCreatedAt() {
        // report_orders_pending_created_ix (V7): the first entry of a partial index.
        return h().createQuery("SELECT min(created_at) AS oldest FROM orders WHERE status = 'PENDING_REVIEW'")
                .map((rs, ctx) -> Optional.ofNullable(Rows.instant(rs, "oldest")))
                .one();
    }

    @Override
    public Decisions decisionsSince(Instant since) {
        return h().createQuery("""
                        SELECT count(*) FILTER (WHERE h.to_status <> 'REJECTED' AND o.status <> 'APPROVED_FAILED') AS approved,
                               count(*) FILTER (WHERE h.to_status = 'REJECTED') AS rejected,
                               count(*) FILTER (WHERE h.to_status <> 'REJECTED' AND o.status = 'APPROVED_FAILED')
                                   AS approved_failed
                          FROM order_history h JOIN orders o ON o.id = h.order_id
                         WHERE h.at >= :since AND h.from_status = 'PENDING_REVIEW'""")
                .bind("since", Rows.utc(since))
                .map((rs, ctx) -> new Decisions(rs.getLong("approved"), rs.getLong("rejected"),
                        rs.getLong("approved_failed")))
                .one();
    }

    @Override
    public Outcomes outcomesSince(Instant since) {
        return h().createQuery("""
                        SELECT count(*) FILTER (WHERE to_status = 'APPROVED_EXECUTED') AS executed,
                               count(*) FILTER (WHERE to_status = 'APPROVED_FAILED') AS failed
                          FROM order_history
                         WHERE at >= :since AND to_status IN ('APPROVED_EXECUTED', 'APPROVED_FAILED')""")
                .bind("since", Rows.utc(since))
                .map((rs, ctx) -> new Outcomes(rs.getLong("executed"), rs.getLong("failed")))
                .one();
    }

    @Override
    public List<RetriedOrder> ordersWithAttemptsAbove(int attemptsMax, Instant since, int limit) {
        return h().createQuery("""
                        SELECT id, type, status, execution_attempts, updated_at FROM orders
                         WHERE execution_attempts > :max AND updated_at >= :since
                         ORDER BY execution_attempts DESC, id LIMIT :limit""")
                .bind("max", attemptsMax).bind("since", Rows.utc(since)).bind("limit", limit)
                .map((rs, ctx) -> new RetriedOrder(rs.getLong("id"), rs.getString("type"), rs.getString("status"),
                        rs.getInt("execution_attempts"), Rows.instant(rs, "updated_at")))
                .list();
    }

    @Override
    public long countOrdersWithAttemptsAbove(int attemptsMax, Instant since) {
        return h().createQuery("SELECT count(*) FROM orders WHERE execution_attempts > :max AND updated_at >= :since")
                .bind("max", attemptsMax).bind("since", Rows.utc(since))
                .mapTo(Long.class).one();
    }

    @Override
    public List<UnavailableFailures> providerUnavailableFailuresSince(Instant since) {
        // The approval service writes the provider's error code into the history note as "... [CODE]".
        return h().createQuery("""
                        SELECT code, count(*) AS failures, max(order_id) FILTER (WHERE rn = 1) AS last_order_id,
                               max(at) AS last_at
                          FROM (SELECT substring(note FROM '\\[([A-Z0-9_]*_API_UNAVAILABLE)\\]$') AS code, order_id, at,
                                       row_number() OVER (PARTITION BY substring(note FROM '\\[([A-Z0-9_]*_API_UNAVAILABLE)\\]$')
                                                          ORDER BY at DESC, id DESC) AS rn
                                  FROM order_history
                                 WHERE at >= :since AND to_status = 'APPROVED_FAILED') f
                         WHERE code IS NOT NULL
                         GROUP BY code ORDER BY code""")
                .bind("since", Rows.utc(since))
                .map((rs, ctx) -> new UnavailableFailures(rs.getString("code"), rs.getLong("failures"),
                        rs.getLong("last_order_id"), Rows.instant(rs, "last_at")))
                .list();
    }

    @Override
    public List<RiskyPlayer> playersAboveScoreWithPending(int scoreMin, int limit) {
        // fraud_flags_player_open_ix and orders_status_id_ix: open flags of players with pending orders.
        return h().createQuery("""
                        SELECT f.player_id, p.username, least(:max, sum(f.points)) AS score,
                               (SELECT count(*) FROM orders o WHERE o.player_id = f.player_id
                                   AND o.status = 'PENDING_REVIEW') AS pending
                          FROM fraud_flags f JOIN players p ON p.id = f.player_id
                         WHERE f.status = 'OPEN' AND EXISTS (SELECT 1 FROM orders o WHERE o.player_id = f.player_id
                                                                AND o.status = 'PENDING_REVIEW')
                         GROUP BY f.player_id, p.username
                        HAVING least(:max, sum(f.points)) > :min
                         ORDER BY score DESC, f.player_id LIMIT :limit""")
                .bind("max", teller.server.risk.FraudLevel.SCORE_MAX).bind("min", scoreMin).bind("limit", limit)
                .map((rs, ctx) -> new RiskyPlayer(rs.getString("player_id"), rs.getString("username"), rs.getInt("score"),
                        rs.getLong("pending")))
                .list();
    }

    @Override
    public WebhookDeliveries paymentWebhookDeliveriesSince(Instant since) {
        // audit_log_payment_webhook_ix (V25_1).
        return h().createQuery("""
                        SELECT count(*) AS total, count(*) FILTER (WHERE outcome = 'DENIED') AS refused
                          FROM audit_log WHERE action = 'PAYMENT_WEBHOOK' AND at > :since""")
                .bind("since", Rows.utc(since))
                .map((rs, ctx) -> new WebhookDeliveries(rs.getLong("total"), rs.getLong("refused")))
                .one();
    }

    @Override
    public List<ErrorCodeSeen> errorCodesFirstSeenAfter(Instant since, int limit) {
        return h().createQuery("""
                        SELECT code, first_seen_at FROM error_codes_seen WHERE first_seen_at > :since
                         ORDER BY first_seen_at DESC, code LIMIT :limit""")
                .bind("since", Rows.utc(since)).bind("limit", limit)
                .map((rs, ctx) -> new ErrorCodeSeen(rs.getString("code"), Rows.instant(rs, "first_seen_at")))
                .list();
    }

    @Override
    public void errorCodeSeen(String code, Instant at) {
        h().createUpdate("INSERT INTO error_codes_seen (code, first_seen_at) VALUES (:code, :at) ON CONFLICT (code) DO NOTHING")
                .bind("code", code).bind("at", Rows.utc(at)).execute();
    }
}
