package teller.server.referrals;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import teller.server.common.Page;

/** Referral links and rewards. Joins the caller's transaction. */
public interface ReferralStore {
    /** Serializes changes of the referral graph (rare) so two concurrent links cannot close a loop. */
    void lockGraph();

    /** Sets the referrer of a player that has none; false when it already had one. */
    boolean setReferrer(String playerId, String referrerId);

    long referredCount(String referrerId);

    /** The scan watermark, locked for this transaction; empty when another scanner holds it. */
    OptionalLong lockScan();

    /** Executed deposits of referred players above {@code afterOrderId} that have no reward row yet, by order id. */
    List<Candidate> candidates(long afterOrderId, int limit);

    /** Inserts a reward unless one exists for the order; returns whether it was inserted. */
    boolean insertReward(NewReward reward);

    /**
     * How far the watermark may move from {@code current}: below the first deposit that may still
     * execute (PENDING_REVIEW or EXECUTING) and below orders younger than {@code graceSeconds},
     * whose transactions might not be visible yet.
     */
    long safeWatermark(long current, long graceSeconds);

    void advanceScan(long lastOrderId);

    /**
     * Claims one due PENDING reward (FOR UPDATE SKIP LOCKED), if any, other than {@code skip} (the
     * rewards that already failed in this run: each is tried at most once per run, whatever its backoff).
     */
    Optional<ReferralReward> claimDue(java.util.Set<Long> skip);

    void markGranted(long rewardId, long transactionId);

    /** Records a failed attempt: retried after {@code delayMillis}, or FAILED when {@code giveUp}. */
    void markFailedAttempt(long rewardId, String error, long delayMillis, boolean giveUp);

    /** Rewards earned by {@code referrerId}, newest first. */
    Page<ReferralReward> rewardsOf(String referrerId, String cursor, int limit);

    record Candidate(long orderId, String buyerId, String referrerId, long amount, String currency,
                     String referrerCurrency, long referredCount) {
    }

    record NewReward(String buyerId, long orderId, String referrerId, int level, int percent, long depositAmount,
                     long amount, String currency, ReferralReward.Status status, String note) {
    }
}
