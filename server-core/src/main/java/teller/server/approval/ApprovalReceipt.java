package teller.server.approval;

import teller.server.common.DomainException;
import teller.server.common.IdempotencyRecords;

/**
 * An approve request's Idempotency-Key, recorded in the deciding batch's own transaction together
 * with the answer (decision 0102): the claim, the decision and the stored response commit or roll
 * back as one, so an approval with a key costs no bookkeeping transactions of its own. The edge
 * that owns the wire format renders the answers ({@link Answers}); the batch only stores them.
 *
 * @param records     where the edge keeps its keys; its methods join the batch's transaction
 * @param principal   whose key it is (keys are per principal)
 * @param methodPath  the request's method and path, and {@code requestHash} its hash with the body:
 *                    the same key with another request is refused by the edge, never stored here
 */
public record ApprovalReceipt(IdempotencyRecords records, String principal, String key, String methodPath,
                              String requestHash, Answers answers) {

    /** A stored response: HTTP status and JSON body. */
    public record Stored(int status, String body) {
    }

    /** How the edge answers; called inside the batch's transaction, so it must not do I/O. */
    public interface Answers {
        Stored decided(ApprovalResult result);

        /** The answer to store for a refusal, or null when it must not be stored (try again later, bad input). */
        Stored refused(DomainException refusal);
    }
}
