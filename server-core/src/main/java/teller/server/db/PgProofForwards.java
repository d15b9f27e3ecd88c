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
    public Set<String> stillNeeded(Collection<String> names) {
        return new HashSet<>(tx.handle().createQuery("""
                        SELECT spool_name FROM proof_forwards
                         WHERE spool_name = ANY (CAST(:names AS text[])) AND status IN ('QUEUED', 'RETRYING', 'FAILED')""")
                .bindArray("names", String.class, new ArrayList<>(names)).mapTo(String.class).list());
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

    @Override
    public Optional<Forward> ofOrder(long orderId) {
        return tx.handle().createQuery("SELECT * FROM proof_forwards WHERE order_id = :id").bind("id", orderId)
                .map((rs, ctx) -> new Forward(rs.getLong("id"), rs.getLong("order_id"), rs.getString("proof_sha256"),
                        rs.getString("media_type"), rs.getLong("size_bytes"), rs.getInt("width_pixels"),
                        rs.getInt("height_pixels"), rs.getString("status"), rs.getInt("attempts"),
                        rs.getString("last_error"), Rows.instant(rs, "next_attempt_at"), rs.getString("message_ref"),
                        rs.getString("spool_name") != null, Rows.instant(rs, "created_at"),
                        Rows.instant(rs, "updated_at"), Rows.instant(rs, "expires_at")))
                .findOne();
    }
}
