package teller.server.referrals;

import java.time.Instant;

/** A referrer's reward for one executed deposit of a player it referred (the buyer). */
public record ReferralReward(long id, String buyerId, long orderId, String referrerId, int level, int percent,
                             long depositAmount, long amount, String currency, Status status, int attempts,
                             Instant nextAttemptAt, String lastError, Long transactionId, Instant createdAt,
                             Instant grantedAt) {
    public enum Status {
        /** Waiting for the worker (first time or after a failure, with backoff). */
        PENDING,
        /** Posted to the ledger. */
        GRANTED,
        /** Nothing to pay (rounds to zero, or the wallets are in different currencies). */
        SKIPPED,
        /** Gave up after the configured attempts; an operator should look at {@code lastError}. */
        FAILED
    }
}
