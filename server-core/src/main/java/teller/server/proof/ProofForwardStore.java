package teller.server.proof;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The forwarding status rows of proofs (no image data); every method joins the caller's transaction. */
public interface ProofForwardStore {
    void insertQueued(long orderId, ProofUpload upload, String spoolName, Instant expiresAt);

    /** Marks up to {@code limit} unsent forwards whose retention ran out as EXPIRED; skips locked rows. */
    List<Expired> expireDue(Instant now, int limit);

    /** Which of {@code names} an unsent forward (QUEUED, RETRYING, FAILED) still needs. */
    Set<String> stillNeeded(Collection<String> names);

    /** Which of {@code names} any forward refers to at all. */
    Set<String> known(Collection<String> names);

    /** Forgets the spool names of files that were removed. */
    void forgetSpoolNames(Collection<String> names);

    /** The forward of an order, if it carried a proof. */
    java.util.Optional<Forward> ofOrder(long orderId);

    record Expired(long id, long orderId, String spoolName) {
    }

    record Forward(long id, long orderId, String sha256, String mediaType, long sizeBytes, int width, int height,
                   String status, int attempts, String lastError, Instant nextAttemptAt, String messageRef,
                   boolean spooled, Instant createdAt, Instant updatedAt, Instant expiresAt) {
    }
}
