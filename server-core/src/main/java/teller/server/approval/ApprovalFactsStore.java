package teller.server.approval;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Reads what the approval rules need and takes the locks a decision needs. Implemented by the
 * database layer; every method joins the caller's transaction.
 */
public interface ApprovalFactsStore {
    /**
     * Takes the risk locks of these orders' players until the transaction ends (sorted, as every
     * risk change takes them), so concurrent decisions of one player, batched or single, on any
     * replica, decide one after the other. Taken before the orders' own row locks
     * ({@link ApprovalStore#lockForDecision(Collection)}), always in that order.
     */
    void lockPlayers(Collection<Long> orderIds);

    /**
     * The facts of each request, in request order, read by one query for all of them; null for a
     * request whose order does not exist. {@code now} ends the limits' windows. The provider is not
     * a database fact: the result has none.
     */
    List<ApprovalFacts> load(List<Request> requests, Instant now);

    /**
     * A batch's one round trip before its decisions (decision 0135): the players' risk locks, the
     * orders' row locks, each request's Idempotency-Key claimed (where it has one and its order is a
     * deposit or does not exist), and then the facts of each request as {@link #load} reads them,
     * read after every lock was granted.
     *
     * @param keys per request, its key or null
     */
    Locked lockAndLoad(List<Request> requests, List<KeyClaim> keys, Instant now);

    /**
     * What {@link #lockAndLoad} came to, per request: its facts (or null), whether its key was
     * claimed, a ledger transaction id drawn for it (its posting's, if it is decided into one) and the
     * caller's username (null for no operator); and the transaction's time, which every row the batch
     * writes carries (decision 0170: the answers are rendered before the apply from these).
     */
    record Locked(List<ApprovalFacts> facts, List<Boolean> claimed, List<Long> ledgerIds, List<String> callerNames,
                  Instant transactionTime) {
    }

    /** An Idempotency-Key to claim for one request, with the owner its claim records. */
    record KeyClaim(String principal, String key, String methodPath, String requestHash, int owner) {
    }

    /** One order, asked about by one caller (an operator id, or null for anyone else). */
    record Request(long orderId, String callerId) {
    }
}
