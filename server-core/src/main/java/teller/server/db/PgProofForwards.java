package teller.server.db;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import teller.server.proof.ProofForwardStore;
import teller.server.proof.ProofUpload;

/** proof_forwards of migration V6: status rows only, never image bytes. */
public final class PgProofForwards implements ProofForwardStore {
    private final JdbiTransactor tx;

    public PgProofForwards(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public void insertQueued(long orderId, ProofUpload upload, String spoolName, Instant expiresAt) {
        tx.handle().createUpdate("""
                        INSERT INTO proof_forwards (order_id, proof_sha256, media_type, size_bytes, width_pixels, height_pixels,
                                                    spool_name, status, expires_at)
                        VALUES (:orderId, :sha256, :mediaType, :size, :width, :height, :spoolName, 'QUEUED', :expiresAt)""")
                .bind("orderId", orderId).bind("sha256", upload.sha256()).bind("mediaType", upload.mediaType().mime())
                .bind("size", upload.sizeBytes()).bind("width", upload.width()).bind("height", upload.height())
                .bind("spoolName", spoolName).bind("expiresAt", Rows.utc(expiresAt))
                .execute();
    }

    @Override
    public List<Expired> expireDue(Instant now, int limit) {
        return tx.handle().createQuery("""
                        UPDATE proof_forwards f SET status = 'EXPIRED', updated_at = now(), next_attempt_at = NULL
                          FROM (SELECT id FROM proof_forwards
                                 WHERE status IN ('QUEUED', 'RETRYING', 'FAILED') AND expires_at <= :now
                                 ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED) due
                         WHERE f.id = due.id
                        RETURNING f.id, f.order_id, f.spool_name""")
                .bind("now", Rows.utc(now)).bind("limit", limit)
                .map((rs, ctx) -> new Expired(rs.getLong("id"), rs.getLong("order_id"), rs.getString("spool_name")))
                .list();
    }

    @Override
    public Set<String> stillNeeded(Collection<String> names, Instant now) {
        return new HashSet<>(tx.handle().createQuery("""
                        SELECT f.spool_name FROM proof_forwards f JOIN orders o ON o.id = f.order_id
                         WHERE f.spool_name = ANY (CAST(:names AS text[]))
                           AND (f.status IN ('QUEUED', 'RETRYING', 'FAILED')
                                OR f.status = 'SENT' AND f.expires_at > :now
                                   AND o.status IN ('PENDING_REVIEW', 'EXECUTING'))""")
                .bindArray("names", String.class, new ArrayList<>(names)).bind("now", Rows.utc(now))
                .mapTo(String.class).list());
    }

    @Override
    public Set<String> known(Collection<String> names) {
        return new HashSet<>(tx.handle().createQuery("""
                        SELECT spool_name FROM proof_forwards WHERE spool_name = ANY (CAST(:names AS text[]))""")
                .bindArray("names", String.class, new ArrayList<>(names)).mapTo(String.class).list());
    }

    @Override
    public void forgetSpoolNames(Collection<String> names) {
        tx.handle().createUpdate("""
                        UPDATE proof_forwards SET spool_name = NULL, updated_at = now()
                         WHERE spool_name = ANY (CAST(:names AS text[])) AND status NOT IN ('QUEUED', 'RETRYING', 'FAILED')""")
                .bindArray("names", String.class, new ArrayList<>(names)).execute();
    }

    private static final org.jdbi.v3.core.mapper.RowMapper<Forward> FORWARD = (rs, ctx) -> new Forward(rs.getLong("id"),
            rs.getLong("order_id"), rs.getString("proof_sha256"), rs.getString("media_type"), rs.getLong("size_bytes"),
            rs.getInt("width_pixels"), rs.getInt("height_pixels"), rs.getString("status"), rs.getInt("attempts"),
            rs.getString("last_error"), Rows.instant(rs, "next_attempt_at"), rs.getString("message_ref"),
            rs.getString("spool_name") != null, Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"),
            Rows.instant(rs, "expires_at"));

    @Override
    public List<Claim> claimDue(Instant now, String leaseToken, Instant leaseUntil, int limit) {
        return tx.handle().createQuery("""
                        UPDATE proof_forwards f SET lease_token = :token, lease_until = :leaseUntil, updated_at = now()
                          FROM (SELECT id FROM proof_forwards
                                 WHERE status IN ('QUEUED', 'RETRYING')
                                   AND (next_attempt_at IS NULL OR next_attempt_at <= :now)
                                   AND (lease_until IS NULL OR lease_until <= :now)
                                   AND expires_at > :now
                                 ORDER BY next_attempt_at NULLS FIRST, id LIMIT :limit FOR UPDATE SKIP LOCKED) due
                         WHERE f.id = due.id
                        RETURNING f.id, f.order_id, f.spool_name, f.media_type, f.attempts""")
                .bind("now", Rows.utc(now)).bind("token", leaseToken).bind("leaseUntil", Rows.utc(leaseUntil))
                .bind("limit", limit)
                .map((rs, ctx) -> new Claim(rs.getLong("id"), rs.getLong("order_id"), rs.getString("spool_name"),
                        rs.getString("media_type"), rs.getInt("attempts")))
                .list();
    }

    @Override
    public boolean markSent(long id, String leaseToken, String chatId, long messageId, int attempts) {
        return tx.handle().createUpdate("""
                        UPDATE proof_forwards SET status = 'SENT', chat_id = :chat, message_id = :message,
                               message_ref = :chat || ':' || CAST(:message AS text), attempts = :attempts, last_error = NULL,
                               next_attempt_at = NULL, sent_at = now(), lease_token = NULL, lease_until = NULL, updated_at = now()
                         WHERE id = :id AND lease_token = :token""")
                .bind("id", id).bind("token", leaseToken).bind("chat", chatId).bind("message", messageId)
                .bind("attempts", attempts).execute() == 1;
    }

    @Override
    public boolean markRetrying(long id, String leaseToken, int attempts, String lastError, Instant nextAttemptAt) {
        return tx.handle().createUpdate("""
                        UPDATE proof_forwards SET status = 'RETRYING', attempts = :attempts, last_error = :error,
                               next_attempt_at = :next, lease_token = NULL, lease_until = NULL, updated_at = now()
                         WHERE id = :id AND lease_token = :token""")
                .bind("id", id).bind("token", leaseToken).bind("attempts", attempts).bind("error", lastError)
                .bind("next", Rows.utc(nextAttemptAt)).execute() == 1;
    }

    @Override
    public boolean markFailed(long id, String leaseToken, int attempts, String lastError) {
        return tx.handle().createUpdate("""
                        UPDATE proof_forwards SET status = 'FAILED', attempts = :attempts, last_error = :error,
                               next_attempt_at = NULL, lease_token = NULL, lease_until = NULL, updated_at = now()
                         WHERE id = :id AND lease_token = :token""")
                .bind("id", id).bind("token", leaseToken).bind("attempts", attempts).bind("error", lastError)
                .execute() == 1;
    }

    @Override
    public boolean markExpired(long id, String leaseToken, String lastError) {
        return tx.handle().createUpdate("""
                        UPDATE proof_forwards SET status = 'EXPIRED', last_error = :error, next_attempt_at = NULL,
                               lease_token = NULL, lease_until = NULL, updated_at = now()
                         WHERE id = :id AND lease_token = :token""")
                .bind("id", id).bind("token", leaseToken).bind("error", lastError).execute() == 1;
    }

    @Override
    public List<Expired> noteWaiting(String lastError, int limit) {
        return tx.handle().createQuery("""
                        UPDATE proof_forwards f SET last_error = :error, updated_at = now()
                          FROM (SELECT id FROM proof_forwards
                                 WHERE status IN ('QUEUED', 'RETRYING') AND last_error IS DISTINCT FROM :error
                                 ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED) waiting
                         WHERE f.id = waiting.id
                        RETURNING f.id, f.order_id, f.spool_name""")
                .bind("error", lastError).bind("limit", limit)
                .map((rs, ctx) -> new Expired(rs.getLong("id"), rs.getLong("order_id"), rs.getString("spool_name")))
                .list();
    }

    @Override
    public Optional<Forward> lockById(long id) {
        return tx.handle().createQuery("SELECT * FROM proof_forwards WHERE id = :id FOR UPDATE").bind("id", id)
                .map(FORWARD).findOne();
    }

    @Override
    public void requeue(long id, Instant expiresAt) {
        tx.handle().createUpdate("""
                        UPDATE proof_forwards SET status = 'QUEUED', attempts = 0, next_attempt_at = NULL,
                               expires_at = :expiresAt, lease_token = NULL, lease_until = NULL, updated_at = now()
                         WHERE id = :id""")
                .bind("id", id).bind("expiresAt", Rows.utc(expiresAt)).execute();
    }

    @Override
    public teller.server.common.Page<Forward> list(String status, String cursor, int limit) {
        Long after = Rows.afterId(cursor);
        List<Forward> rows = tx.handle().createQuery("""
                        SELECT * FROM proof_forwards
                         WHERE (CAST(:status AS text) IS NULL OR status = :status)
                           AND (CAST(:after AS bigint) IS NULL OR id < :after)
                         ORDER BY id DESC LIMIT :limit""")
                .bind("status", status).bind("after", after).bind("limit", limit + 1)
                .map(FORWARD).list();
        return PgLedger.page(rows, limit, Forward::id);
    }

    @Override
    public Optional<String> spoolNameOf(long id) {
        return tx.handle().createQuery("SELECT spool_name FROM proof_forwards WHERE id = :id").bind("id", id)
                .mapTo(String.class).findOne().filter(java.util.Objects::nonNull);
    }

    @Override
    public Optional<Forward> ofOrder(long orderId) {
        return tx.handle().createQuery("SELECT * FROM proof_forwards WHERE order_id = :id").bind("id", orderId)
                .map(FORWARD).findOne();
    }
}
