package teller.server.db;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import teller.server.ledger.Discrepancy;
import teller.server.reports.ReportStore;

/** Reads the report rollups of migration V7 and runs {@code report_rollup_run}. */
public final class PgReportStore implements ReportStore {
    private final JdbiTransactor tx;

    public PgReportStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    private Handle h() {
        return tx.handle();
    }

    /** Rows fetched per round trip while a report streams from a cursor. */
    static final int FETCH_ROWS = 1_000;

    @Override
    public java.util.stream.Stream<FlowPeriod> flowsByPeriod(LocalDate from, LocalDate to,
                                                             teller.server.reports.Granularity granularity, boolean byGame) {
        // Without a transaction the driver would read the whole result before the first row; in one, it uses a cursor.
        return h().createQuery("""
                        SELECT * FROM (
                            SELECT CAST(date_trunc(:unit, CAST(day AS timestamp)) AS date) AS period, currency,
                                   CASE WHEN :byGame THEN game ELSE '' END AS game, flow,
                                   sum(transactions) AS transactions, sum(amount) AS amount
                              FROM report_ledger_daily WHERE day BETWEEN :from AND :to
                             GROUP BY 1, 2, 3, 4) f
                         ORDER BY period, currency COLLATE "C", game COLLATE "C", flow COLLATE "C"
                        """)
                .bind("unit", granularity.name().toLowerCase(java.util.Locale.ROOT)).bind("byGame", byGame)
                .bind("from", from).bind("to", to)
                .setFetchSize(FETCH_ROWS)
                .map((rs, ctx) -> new FlowPeriod(rs.getObject("period", LocalDate.class), rs.getString("currency"),
                        rs.getString("game"), rs.getString("flow"), rs.getLong("transactions"), rs.getLong("amount")))
                .stream();
    }

    @Override
    public List<OrderEventDay> orderEvents(LocalDate from, LocalDate to) {
        return h().createQuery("""
                        SELECT * FROM report_order_daily WHERE day BETWEEN :from AND :to
                         ORDER BY day, currency, order_type, from_status, to_status, actor_type, actor_id""")
                .bind("from", from).bind("to", to)
                .map((rs, ctx) -> new OrderEventDay(rs.getObject("day", LocalDate.class), rs.getString("currency"),
                        rs.getString("order_type"), rs.getString("from_status"), rs.getString("to_status"),
                        rs.getString("actor_type"), rs.getString("actor_id"), rs.getLong("events"), rs.getLong("amount"),
                        rs.getLong("decision_millis")))
                .list();
    }

    @Override
    public List<LatencyBucket> decisionLatency(LocalDate from, LocalDate to) {
        return h().createQuery("""
                        SELECT bucket, sum(events)::bigint AS events FROM report_decision_latency
                         WHERE day BETWEEN :from AND :to GROUP BY bucket ORDER BY bucket""")
                .bind("from", from).bind("to", to)
                .map((rs, ctx) -> new LatencyBucket(rs.getInt("bucket"), rs.getLong("events")))
                .list();
    }

    @Override
    public List<Long> latencyBoundsSeconds() {
        return h().createQuery("SELECT unnest(report_decision_bounds())::bigint").mapTo(Long.class).list();
    }

    @Override
    public QueueAge queueAge(Instant now) {
        return h().createQuery("""
                        SELECT count(*) AS pending,
                               coalesce(percentile_disc(0.5) WITHIN GROUP (ORDER BY age), 0) AS p50,
                               coalesce(percentile_disc(0.95) WITHIN GROUP (ORDER BY age), 0) AS p95,
                               coalesce(max(age), 0) AS oldest
                          FROM (SELECT greatest(0, floor(extract(epoch FROM CAST(:now AS timestamptz) - created_at)))::bigint AS age
                                  FROM orders WHERE status = 'PENDING_REVIEW') q""")
                .bind("now", Rows.utc(now))
                .map((rs, ctx) -> new QueueAge(rs.getLong("pending"), rs.getLong("p50"), rs.getLong("p95"),
                        rs.getLong("oldest")))
                .one();
    }

    @Override
    public Map<String, String> operatorNames(Collection<String> ids) {
        Map<String, String> names = new HashMap<>();
        List<String> numeric = ids.stream().filter(id -> id != null && id.matches("[0-9]{1,18}")).toList();
        if (numeric.isEmpty()) {
            return names;
        }
        h().createQuery("SELECT id::text AS id, username FROM operators WHERE id::text = ANY (:ids)")
                .bindArray("ids", String.class, numeric)
                .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getString("username")))
                .forEach(e -> names.put(e.getKey(), e.getValue()));
        return names;
    }

    @Override
    public List<Discrepancy> providerOutcomeMismatches(int limit) {
        return h().createQuery("""
                        SELECT id, type, status, execution_result->>'success' AS success,
                               execution_result->>'transactionId' AS provider_tx
                          FROM orders
                         WHERE type IN ('GAME_LOAD', 'WITHDRAWAL') AND execution_result IS NOT NULL
                           AND ((status IN ('APPROVED_EXECUTED', 'VOIDED') AND execution_result->>'success' = 'false')
                             OR (status = 'APPROVED_FAILED' AND execution_result->>'success' = 'true'))
                         ORDER BY id LIMIT :max""")
                .bind("max", limit)
                .map((rs, ctx) -> {
                    boolean executedHere = !"APPROVED_FAILED".equals(rs.getString("status"));
                    String subject = "order " + rs.getLong("id") + " (" + rs.getString("type") + ", "
                            + rs.getString("status") + ")";
                    return executedHere
                            ? new Discrepancy("PROVIDER_NOT_EXECUTED", subject, "provider outcome success=true",
                                    "provider outcome success=false",
                                    "the ledger moved money the provider did not; ask the provider, then void the order")
                            : new Discrepancy("PROVIDER_EXECUTED_BUT_FAILED", subject, "provider outcome success=false",
                                    "provider outcome success=true (transaction " + rs.getString("provider_tx") + ")",
                                    "the provider moved money the ledger released; confirm with the provider and "
                                            + "re-post through a supervisor retry");
                })
                .list();
    }

    @Override
    public int rollup(int batchMax, int settleMillis) {
        return h().createQuery("SELECT report_rollup_run(:batch, :settle)")
                .bind("batch", batchMax).bind("settle", settleMillis)
                .mapTo(Integer.class).one();
    }

    @Override
    public boolean rollupCaughtUp() {
        return h().createQuery("""
                        SELECT (SELECT cursor_id FROM report_rollup_state WHERE source = 'ledger')
                                   >= (SELECT coalesce(max(id), 0) FROM ledger_transactions)
                           AND (SELECT cursor_id FROM report_rollup_state WHERE source = 'orders')
                                   >= (SELECT coalesce(max(id), 0) FROM order_history)
                           AND NOT EXISTS (SELECT 1 FROM report_pending_transactions p
                                             JOIN ledger_transactions t ON t.id = p.transaction_id
                                            WHERE t.status <> 'PENDING')""")
                .mapTo(Boolean.class).one();
    }

    @Override
    public List<PendingExposure> pendingExposure() {
        return h().createQuery("""
                        SELECT o.player_id, coalesce(s.score, 0) AS score, o.currency, o.type,
                               coalesce(o.game_name, '') AS game, count(*) AS orders, sum(o.amount) AS amount
                          FROM orders o
                          LEFT JOIN (SELECT player_id, least(:max, sum(points)) AS score FROM fraud_flags
                                      WHERE status = 'OPEN' GROUP BY player_id) s ON s.player_id = o.player_id
                         WHERE o.status IN ('PENDING_REVIEW', 'EXECUTING')
                         GROUP BY o.player_id, s.score, o.currency, o.type, o.game_name
                         ORDER BY o.player_id""")
                .bind("max", teller.server.risk.FraudLevel.SCORE_MAX)
                .map((rs, ctx) -> new PendingExposure(rs.getString("player_id"), rs.getInt("score"),
                        rs.getString("currency"), rs.getString("type"), rs.getString("game"), rs.getLong("orders"),
                        rs.getLong("amount")))
                .list();
    }

    @Override
    public List<OpenFlags> openFlagsByRule() {
        return h().createQuery("""
                        SELECT rule, count(*) AS flags, count(DISTINCT player_id) AS players,
                               count(DISTINCT order_id) AS orders
                          FROM fraud_flags WHERE status = 'OPEN' GROUP BY rule ORDER BY rule""")
                .map((rs, ctx) -> new OpenFlags(rs.getString("rule"), rs.getLong("flags"), rs.getLong("players"),
                        rs.getLong("orders")))
                .list();
    }
}
