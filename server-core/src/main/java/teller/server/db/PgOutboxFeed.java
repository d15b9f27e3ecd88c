package teller.server.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import teller.server.events.OutboxEvent;
import teller.server.events.OutboxFeed;

/** The outbox read in sequence order (live stream) and claimed for delivery (relay). */
public final class PgOutboxFeed implements OutboxFeed {
    private static final String COLUMNS = "e.id, e.event_type, e.aggregate_type, e.aggregate_id, e.created_at, e.payload::text AS payload";

    private final JdbiTransactor tx;

    public PgOutboxFeed(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public Snapshot after(long afterId, int limit) {
        // One statement, so the rows and the horizon come from the same snapshot (decision 0040).
        List<OutboxEvent> rows = new ArrayList<>();
        long[] horizon = new long[2];
        tx.handle().createQuery("""
                        SELECT s.xmin, s.xmax, """ + COLUMNS + """
                         \s FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin,
                                       pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax) s
                          LEFT JOIN LATERAL (SELECT * FROM outbox_events WHERE id > :after ORDER BY id LIMIT :limit) e
                            ON true
                         ORDER BY e.id""")
                .bind("after", afterId).bind("limit", limit)
                .map((rs, ctx) -> {
                    horizon[0] = rs.getLong("xmin");
                    horizon[1] = rs.getLong("xmax");
                    rs.getLong("id");
                    if (!rs.wasNull()) {
                        rows.add(event(rs));
                    }
                    return null;
                }).list();
        return new Snapshot(List.copyOf(rows), horizon[0], horizon[1]);
    }

    @Override
    public List<OutboxEvent> between(long afterId, long upToId, int limit) {
        return tx.handle().createQuery("SELECT " + COLUMNS
                        + " FROM outbox_events e WHERE e.id > :after AND e.id <= :upTo ORDER BY e.id LIMIT :limit")
                .bind("after", afterId).bind("upTo", upToId).bind("limit", limit)
                .map((rs, ctx) -> event(rs)).list();
    }

    @Override
    public long lastId() {
        return tx.handle().createQuery("SELECT coalesce(max(id), 0) FROM outbox_events").mapTo(Long.class).one();
    }

    @Override
    public List<OutboxEvent> claimUndelivered(int limit) {
        return tx.handle().createQuery("SELECT " + COLUMNS
                        + " FROM outbox_events e WHERE e.published_at IS NULL ORDER BY e.id LIMIT :limit FOR UPDATE SKIP LOCKED")
                .bind("limit", limit).map((rs, ctx) -> event(rs)).list();
    }

    @Override
    public void markDelivered(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        tx.handle().createUpdate("""
                        UPDATE outbox_events SET published_at = now(), attempts = attempts + 1
                         WHERE id = ANY (CAST(:ids AS bigint[]))""")
                .bindArray("ids", Long.class, ids).execute();
    }

    @Override
    public void markAttemptFailed(long id) {
        tx.handle().createUpdate("UPDATE outbox_events SET attempts = attempts + 1 WHERE id = :id").bind("id", id).execute();
    }

    private static OutboxEvent event(ResultSet rs) throws SQLException {
        return new OutboxEvent(rs.getLong("id"), rs.getString("event_type"), rs.getString("aggregate_type"),
                rs.getString("aggregate_id"), Rows.instant(rs, "created_at"), Rows.jsonObject(rs.getString("payload")));
    }
}
