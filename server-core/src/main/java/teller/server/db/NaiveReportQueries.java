package teller.server.db;

/**
 * The figures of the report rollups computed the slow way, by GROUP BY over raw ledger entries and
 * order history. Tests prove the rollups equal these; the report benchmark times them against
 * the rollup reads. Rows come out in the rollup tables' column order and key order.
 */
public final class NaiveReportQueries {
    private NaiveReportQueries() {
    }

    /** report_ledger_daily over a day range, from raw entries. */
    public static final String FLOWS = """
            SELECT (t.finalized_at AT TIME ZONE 'UTC')::date AS day, t.currency,
                   CASE WHEN t.kind = 'REVERSAL' THEN 'VOID_' || coalesce(r.kind, 'UNKNOWN') ELSE t.kind END AS flow,
                   coalesce(o.game_name, '') AS game,
                   count(DISTINCT t.id)::bigint AS transactions,
                   coalesce(sum(e.amount) FILTER (WHERE e.amount > 0), 0)::bigint AS amount
              FROM ledger_entries e
              JOIN ledger_transactions t ON t.id = e.transaction_id
              LEFT JOIN ledger_transactions r ON r.id = t.reverses_id
              LEFT JOIN orders o ON o.id = t.order_id
             WHERE t.status = 'POSTED'
               AND (t.finalized_at AT TIME ZONE 'UTC')::date BETWEEN :from AND :to
             GROUP BY 1, 2, 3, 4
             ORDER BY 1, 2, 3, 4""";

    /** The rollup rows over the same range, in the same shape as {@link #FLOWS}. */
    public static final String FLOWS_ROLLUP = """
            SELECT day, currency, flow, game, transactions, amount FROM report_ledger_daily
             WHERE day BETWEEN :from AND :to ORDER BY 1, 2, 3, 4""";

    /** report_order_daily over a day range, from raw order history. */
    public static final String ORDER_EVENTS = """
            SELECT (h.at AT TIME ZONE 'UTC')::date AS day, o.currency, o.type AS order_type,
                   coalesce(h.from_status, '') AS from_status, h.to_status, h.actor_type,
                   coalesce(h.actor_id, '') AS actor_id, count(*)::bigint AS events, sum(o.amount)::bigint AS amount,
                   coalesce(sum(floor(extract(epoch FROM h.at - o.created_at) * 1000)::bigint)
                            FILTER (WHERE h.from_status = 'PENDING_REVIEW'), 0)::bigint AS decision_millis
              FROM order_history h JOIN orders o ON o.id = h.order_id
             WHERE (h.at AT TIME ZONE 'UTC')::date BETWEEN :from AND :to
             GROUP BY 1, 2, 3, 4, 5, 6, 7
             ORDER BY 1, 2, 3, 4, 5, 6, 7""";

    public static final String ORDER_EVENTS_ROLLUP = """
            SELECT day, currency, order_type, from_status, to_status, actor_type, actor_id, events, amount,
                   decision_millis
              FROM report_order_daily WHERE day BETWEEN :from AND :to ORDER BY 1, 2, 3, 4, 5, 6, 7""";
}
