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

    /**
     * Which of {@code names} are still needed: by an unsent forward (QUEUED, RETRYING, FAILED), or by a
     * SENT forward whose order is still undecided and whose retention has not run out at {@code now}
     * (operators look at the image while deciding; decision 0105).
     */
    Set<String> stillNeeded(Collection<String> names, Instant now);

    /** Which of {@code names} any forward refers to at all. */
    Set<String> known(Collection<String> names);

    /** Forgets the spool names of files that were removed. */
    void forgetSpoolNames(Collection<String> names);

    /** The forward of an order, if it carried a proof. */
    java.util.Optional<Forward> ofOrder(long orderId);

    // ---------------------------------------------------------------- forwarding (decision 0030)

    /**
     * Claims up to {@code limit} forwards that are due (QUEUED, or RETRYING whose next attempt has
     * come), not leased by a live claimant and not past their retention, skipping rows another
     * process has locked; each gets {@code leaseToken} until {@code leaseUntil}.
     */
    List<Claim> claimDue(Instant now, String leaseToken, Instant leaseUntil, int limit);

    /** Records delivery; false when the lease was lost (another process took the forward over). */
    boolean markSent(long id, String leaseToken, String chatId, long messageId, int attempts);

    /** Records a failed attempt to be tried again at {@code nextAttemptAt}; false when the lease was lost. */
    boolean markRetrying(long id, String leaseToken, int attempts, String lastError, Instant nextAttemptAt);

    /** Records giving up (or a refusal that no retry can cure); false when the lease was lost. */
    boolean markFailed(long id, String leaseToken, int attempts, String lastError);

    /** Records that the image is gone from the spool; false when the lease was lost. */
    boolean markExpired(long id, String leaseToken, String lastError);

    /**
     * Notes {@code lastError} on unsent forwards waiting in the queue (QUEUED, RETRYING) that do not
     * carry it yet, without counting an attempt; returns them.
     */
    List<Expired> noteWaiting(String lastError, int limit);

    /** One forward, locked for a change in the current transaction. */
    java.util.Optional<Forward> lockById(long id);

    /** Puts a forward back in the queue with fresh attempts and the given retention. */
    void requeue(long id, Instant expiresAt);

    /** Newest first, keyset-paged by id; {@code status} null for all. */
    teller.server.common.Page<Forward> list(String status, String cursor, int limit);

    /** The spool file of a forward, if it still has one recorded. */
    java.util.Optional<String> spoolNameOf(long id);

    /** What the forwarder needs of a claimed forward. */
    record Claim(long id, long orderId, String spoolName, String mediaType, int attempts) {
    }

    record Expired(long id, long orderId, String spoolName) {
    }

    record Forward(long id, long orderId, String sha256, String mediaType, long sizeBytes, int width, int height,
                   String status, int attempts, String lastError, Instant nextAttemptAt, String messageRef,
                   boolean spooled, Instant createdAt, Instant updatedAt, Instant expiresAt) {
    }
}
