package teller.server.db;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import teller.server.telegram.OpsNoticeStore;

/** {@link OpsNoticeStore} on table {@code ops_notices} (V25_2). */
public final class PgOpsNotices implements OpsNoticeStore {
    private static final String COLUMNS = "id, event_id, kind, text, attempts";
    private final JdbiTransactor tx;

    public PgOpsNotices(JdbiTransactor tx) {
        this.tx = tx;
    }

    private static Notice notice(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Notice(rs.getLong("id"), rs.getLong("event_id"), rs.getString("kind"), rs.getString("text"),
                rs.getInt("attempts"));
    }

    @Override
    public void enqueue(long eventId, String kind, String text, Instant at) {
        tx.handle().createUpdate("""
                        INSERT INTO ops_notices (event_id, kind, text, next_attempt_at) VALUES (:e, :k, :t, :at)
                        ON CONFLICT (event_id) DO NOTHING""")
                .bind("e", eventId).bind("k", kind).bind("t", text).bind("at", Rows.utc(at)).execute();
    }

    @Override
    public List<Notice> due(Instant now, int limit) {
        return tx.handle().createQuery("SELECT " + COLUMNS + " " + """
                         FROM ops_notices WHERE status = 'QUEUED' AND next_attempt_at <= :now
                         ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .bind("now", Rows.utc(now)).bind("limit", limit).map((rs, ctx) -> notice(rs)).list();
    }

    @Override
    public long sentSince(Instant since) {
        // A summary marks all it covers SUMMARIZED at the same instant: it counts as one message.
        return tx.handle().createQuery("""
                        SELECT count(*) FILTER (WHERE status = 'SENT')
                               + count(DISTINCT sent_at) FILTER (WHERE status = 'SUMMARIZED')
                          FROM ops_notices WHERE sent_at > :since""")
                .bind("since", Rows.utc(since)).mapTo(Long.class).one();
    }

    @Override
    public Optional<Notice> markSending(long id) {
        return tx.handle().createQuery("UPDATE ops_notices SET status = 'SENDING', attempts = attempts + 1 "
                        + "WHERE id = :id AND status = 'QUEUED' RETURNING " + COLUMNS)
                .bind("id", id).map((rs, ctx) -> notice(rs)).findOne();
    }

    @Override
    public void markSent(List<Long> ids, String status, Instant at) {
        tx.handle().createUpdate("UPDATE ops_notices SET status = :s, sent_at = :at, last_error = NULL "
                        + "WHERE id = ANY (CAST(:ids AS bigint[]))")
                .bind("s", status).bind("at", Rows.utc(at)).bindArray("ids", Long.class, new ArrayList<>(ids)).execute();
    }

    @Override
    public void markFailed(long id, boolean giveUp, Instant next, String error) {
        tx.handle().createUpdate("UPDATE ops_notices SET status = :s, next_attempt_at = :next, last_error = :e WHERE id = :id")
                .bind("s", giveUp ? "FAILED" : "QUEUED").bind("next", Rows.utc(next)).bind("e", error).bind("id", id)
                .execute();
    }

    @Override
    public void requeue(List<Long> ids, String error) {
        tx.handle().createUpdate("UPDATE ops_notices SET status = 'QUEUED', last_error = :e "
                        + "WHERE id = ANY (CAST(:ids AS bigint[]))")
                .bind("e", error).bindArray("ids", Long.class, new ArrayList<>(ids)).execute();
    }

    @Override
    public void noteWaiting(String error) {
        tx.handle().createUpdate("UPDATE ops_notices SET last_error = :e WHERE status = 'QUEUED' "
                        + "AND last_error IS DISTINCT FROM :e")
                .bind("e", error).execute();
    }
}
