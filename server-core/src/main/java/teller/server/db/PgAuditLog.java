package teller.server.db;

import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import teller.server.audit.AuditEntry;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditFilter;
import teller.server.audit.AuditLog;
import teller.server.audit.AuditVerification;
import teller.server.common.Page;
import teller.server.common.Sha256;

/** The audit trail of migration V3: row hashes set by trigger, chained by {@code audit_seal}. */
public final class PgAuditLog implements AuditLog {
    public static final int SEAL_BATCH_MAX = 10_000;
    private static final int VERIFY_FETCH_SIZE = 1_000;
    private static final String GENESIS = "0".repeat(64);

    private static final RowMapper<AuditEntry> ENTRY = (rs, ctx) -> new AuditEntry(rs.getLong("id"),
            Rows.instant(rs, "at"), rs.getString("actor_type"), rs.getString("actor_id"), rs.getString("action"),
            rs.getString("resource_type"), rs.getString("resource_id"), rs.getString("origin"),
            rs.getString("outcome"), Rows.jsonObject(rs.getString("details")), Rows.nullableLong(rs, "chain_seq"),
            rs.getString("actor_username"), rs.getString("resource_username"));

    private final JdbiTransactor tx;

    public PgAuditLog(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public void append(AuditEvent event) {
        tx.handle().createUpdate("""
                        INSERT INTO audit_log (actor_type, actor_id, action, resource_type, resource_id, origin, outcome, details)
                        VALUES (:actorType, :actorId, :action, :resourceType, :resourceId, :origin, :outcome,
                                CAST(:details AS jsonb))""")
                .bind("actorType", event.actor().type().name())
                .bind("actorId", event.actor().recordedId())
                .bind("action", event.action()).bind("resourceType", event.resourceType())
                .bind("resourceId", event.resourceId()).bind("origin", event.actor().origin())
                .bind("outcome", event.outcome().name()).bind("details", Rows.json(event.details()))
                .execute();
    }

    @Override
    public int seal(int limit) {
        return tx.inTransaction(() -> tx.handle().createQuery("SELECT audit_seal(:limit)").bind("limit", limit)
                .mapTo(Integer.class).one());
    }

    /**
     * Seals what is committed, then walks the chain in order: every row's content must still hash to
     * its row hash, every link must follow from the previous one, and no sequence number may be missing.
     */
    @Override
    public AuditVerification verify() {
        while (seal(SEAL_BATCH_MAX) == SEAL_BATCH_MAX) {
            // keep sealing until the backlog is chained
        }
        return tx.inTransaction(() -> {
            long[] checked = {0};
            String[] previous = {GENESIS};
            Long[] broken = {null};
            String[] problem = {null};
            try (var rows = tx.handle().createQuery("""
                            SELECT id, chain_seq, chain_hash, row_hash, audit_row_hash(a) AS recomputed
                              FROM audit_log a WHERE chain_seq IS NOT NULL ORDER BY chain_seq""")
                    .setFetchSize(VERIFY_FETCH_SIZE)
                    .map((rs, ctx) -> new Object[] {rs.getLong("id"), rs.getLong("chain_seq"), rs.getString("chain_hash"),
                            rs.getString("row_hash"), rs.getString("recomputed")})
                    .stream()) {
                rows.takeWhile(r -> broken[0] == null).forEach(r -> {
                    checked[0]++;
                    long id = (Long) r[0];
                    if ((Long) r[1] != checked[0]) {
                        broken[0] = id;
                        problem[0] = "chain sequence jumps from " + (checked[0] - 1) + " to " + r[1] + ": rows were removed";
                    } else if (!r[3].equals(r[4])) {
                        broken[0] = id;
                        problem[0] = "row content no longer matches its hash";
                    } else {
                        String link = Sha256.hex(previous[0] + r[3]);
                        if (!link.equals(r[2])) {
                            broken[0] = id;
                            problem[0] = "chain link does not follow from the previous row";
                        }
                        previous[0] = link;
                    }
                });
            }
            List<Long> tamperedUnsealed = tx.handle().createQuery("""
                            SELECT id FROM audit_log a WHERE chain_seq IS NULL AND row_hash <> audit_row_hash(a)
                             ORDER BY id LIMIT 1""").mapTo(Long.class).list();
            long unsealed = tx.handle().createQuery("SELECT count(*) FROM audit_log WHERE chain_seq IS NULL")
                    .mapTo(Long.class).one();
            if (broken[0] == null && !tamperedUnsealed.isEmpty()) {
                broken[0] = tamperedUnsealed.get(0);
                problem[0] = "unsealed row content no longer matches its hash";
            }
            return new AuditVerification(broken[0] == null, checked[0], broken[0], problem[0], unsealed);
        });
    }

    @Override
    public Page<AuditEntry> list(AuditFilter filter, String cursor, int limit) {
        Long after = Rows.afterId(cursor);
        List<AuditEntry> rows = tx.handle().createQuery("""
                        SELECT a.*, (SELECT op.username FROM operators op
                                       WHERE a.actor_type IN ('OPERATOR', 'TELEGRAM_BOT') AND op.id::text = a.actor_id)
                                   AS actor_username,
                               (SELECT op.username FROM operators op
                                 WHERE a.resource_type = 'OPERATOR' AND op.id::text = a.resource_id) AS resource_username
                          FROM audit_log a
                         WHERE (CAST(:after AS bigint) IS NULL OR id < :after)
                           AND (CAST(:actorType AS text) IS NULL OR actor_type = :actorType)
                           AND (CAST(:actorId AS text) IS NULL OR actor_id = :actorId)
                           AND (CAST(:actor AS text) IS NULL OR actor_type IN ('OPERATOR', 'TELEGRAM_BOT')
                                AND actor_id = (SELECT op.id::text FROM operators op WHERE op.username = :actor))
                           AND (CAST(:action AS text) IS NULL OR action = :action)
                           AND (CAST(:resourceType AS text) IS NULL OR resource_type = :resourceType)
                           AND (CAST(:resourceId AS text) IS NULL OR resource_id = :resourceId)
                           AND (CAST(:outcome AS text) IS NULL OR outcome = :outcome)
                           AND (CAST(:from AS timestamptz) IS NULL OR at >= :from)
                           AND (CAST(:to AS timestamptz) IS NULL OR at < :to)
                         ORDER BY id DESC LIMIT :limit""")
                .bind("after", after).bind("actorType", filter.actorType()).bind("actorId", filter.actorId())
                .bind("actor", filter.actor())
                .bind("action", filter.action()).bind("resourceType", filter.resourceType())
                .bind("resourceId", filter.resourceId())
                .bind("outcome", filter.outcome() == null ? null : filter.outcome().name())
                .bind("from", filter.from() == null ? null : Rows.utc(filter.from()))
                .bind("to", filter.to() == null ? null : Rows.utc(filter.to()))
                .bind("limit", limit + 1).map(ENTRY).list();
        return PgLedger.page(rows, limit, AuditEntry::id);
    }
}
