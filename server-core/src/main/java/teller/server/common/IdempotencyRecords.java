package teller.server.common;

import java.util.Optional;

/** Stored responses of writes sent with an Idempotency-Key, per principal. */
public interface IdempotencyRecords {
    /**
     * Claims the key for this request; false when a record for it exists already, unless that
     * record is an unfinished claim of the same request whose owner process is dead (or that is
     * stale), which is taken over.
     */
    boolean claim(String principal, String key, String methodPath, String requestHash);

    /**
     * The owner this process records on its claims (an advisory-lock key, decision 0070), for a
     * caller that claims keys in its own statements (the approval batch, decision 0135).
     */
    int claimOwner();

    Optional<Stored> find(String principal, String key);

    void complete(String principal, String key, int statusCode, String responseBody);

    /** Releases a claim whose request failed unexpectedly, so a retry can run it. */
    void release(String principal, String key);

    record Stored(String methodPath, String requestHash, Integer statusCode, String responseBody) {
        public boolean completed() {
            return statusCode != null;
        }
    }
}
