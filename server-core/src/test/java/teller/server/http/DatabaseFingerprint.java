package teller.server.http;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Every row of every business table, hashed per table in one round trip: two equal fingerprints
 * mean no insert, update or delete happened in between, except that the audit log may gain
 * refusals (DENIED, FAILURE).
 */
final class DatabaseFingerprint {
    /**
     * Tables whose rows change without a business write: refusals are audited, the session is touched, a refusal's
     * error code is remembered for the NEW_ERROR_CODE alert, and the alert watcher and the operations notices it
     * causes keep their own state.
     */
    private static final Set<String> NOT_FINGERPRINTED = Set.of("audit_log", "sessions", "flyway_schema_history",
            "error_codes_seen", "alert_states", "ops_notices");
    /**
     * Rows that background workers update on their own (delivery and forwarding state, the report
     * rollup watermark): only their number is compared, so an insert or delete still shows.
     */
    private static final Set<String> COUNTED_ONLY = Set.of("outbox_events", "proof_forwards", "report_rollup_state");
    /**
     * Outbox events the server's watchers emit on their own ({@code EventTypes.EMITTED_BY_WATCHERS}) (an alert turning on, say NEW_ERROR_CODE after a refusal's
     * first code, or a provider's breaker moving) are no write of the request's.
     */
    private static final String OUTBOX_OF_REQUESTS = teller.server.events.EventTypes.EMITTED_BY_WATCHERS.stream().sorted()
            .map(type -> "'" + type + "'").collect(java.util.stream.Collectors.joining(", ", " WHERE t.event_type NOT IN (", ")"));

    /**
     * Counts {@code table}'s rows as a request's writes: the outbox without the bookkeeping events
     * above, which a background worker may add at any moment (an alert for the first refusal's code).
     */
    static String countOfRequests(String table) {
        return "SELECT count(*) FROM " + table + " t" + (table.equals("outbox_events") ? OUTBOX_OF_REQUESTS : "");
    }

    private final DataSource dataSource;
    private final List<String> tables;
    private final long auditBaseline;

    DatabaseFingerprint(DataSource dataSource) {
        this.dataSource = dataSource;
        this.tables = readTables();
        this.auditBaseline = query("SELECT coalesce(max(id), 0) FROM audit_log", rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    /** The business tables fingerprinted, by name. */
    List<String> tables() {
        return tables;
    }

    /** The fingerprint now. */
    String take() {
        StringBuilder sql = new StringBuilder();
        for (String table : tables) {
            if (!sql.isEmpty()) {
                sql.append(" UNION ALL ");
            }
            String content = COUNTED_ONLY.contains(table) ? "''"
                    : "coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')";
            sql.append("SELECT '").append(table).append("' || ':' || count(*) || ':' || ").append(content)
                    .append(" FROM ").append(table).append(" t")
                    .append(table.equals("outbox_events") ? OUTBOX_OF_REQUESTS : "");
        }
        // The audit log may only gain refusals: its other rows are counted here too.
        sql.append(" UNION ALL SELECT 'audit_log (not refusals):' || count(*) FROM audit_log WHERE id > ")
                .append(auditBaseline).append(" AND outcome NOT IN ('DENIED', 'FAILURE')");
        return query(sql.toString(), rs -> {
            StringBuilder all = new StringBuilder();
            while (rs.next()) {
                all.append(rs.getString(1)).append('\n');
            }
            return all.toString();
        });
    }

    private List<String> readTables() {
        return query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                + "AND table_type = 'BASE TABLE' ORDER BY table_name", rs -> {
                    List<String> names = new ArrayList<>();
                    while (rs.next()) {
                        if (!NOT_FINGERPRINTED.contains(rs.getString(1))) {
                            names.add(rs.getString(1));
                        }
                    }
                    return names;
                });
    }

    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, Rows<T> reader) {
        try (var connection = dataSource.getConnection();
             var statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
            return reader.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
