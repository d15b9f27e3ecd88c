package teller.server.referrals;

import static teller.server.common.EnvironmentValues.intsOr;
import static teller.server.common.EnvironmentValues.longOr;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Referral rewards (decision 0037). A referrer's level is the number of players it referred:
 * level {@code i} (1-based) applies from {@code levelMinReferrals[i-1]} referred players and pays
 * {@code percents[i-1]} % of each executed deposit of a referred player, rounded down to the minor unit.
 */
public record ReferralSettings(boolean enabled, List<Integer> levelMinReferrals, List<Integer> percents,
                               Duration workerInterval, int batchSizeMax, Duration backoffInitial, Duration backoffMax,
                               int attemptsMax, Duration scanGrace) {
    public static final int ATTEMPTS_MAX_DEFAULT = 20;
    public static final int BATCH_SIZE_MAX_DEFAULT = 100;

    public ReferralSettings {
        levelMinReferrals = List.copyOf(levelMinReferrals);
        percents = List.copyOf(percents);
        if (levelMinReferrals.isEmpty() || levelMinReferrals.size() != percents.size()) {
            throw new IllegalArgumentException("REFERRAL_LEVEL_MIN_REFERRALS and REFERRAL_REWARD_PERCENTS need the same, "
                    + "non-zero number of levels");
        }
        for (int i = 0; i < percents.size(); i++) {
            if (percents.get(i) < 0 || percents.get(i) > 100) {
                throw new IllegalArgumentException("a referral reward percent must be between 0 and 100");
            }
            if (levelMinReferrals.get(i) < 1 || i > 0 && levelMinReferrals.get(i) <= levelMinReferrals.get(i - 1)) {
                throw new IllegalArgumentException("referral level thresholds must start at 1 or more and rise");
            }
        }
        if (batchSizeMax < 1 || attemptsMax < 1) {
            throw new IllegalArgumentException("referral batch size and attempts must be positive");
        }
    }

    public static ReferralSettings defaults() {
        return new ReferralSettings(true, List.of(1, 5, 20), List.of(10, 25, 45), Duration.ofSeconds(2),
                BATCH_SIZE_MAX_DEFAULT, Duration.ofSeconds(1), Duration.ofMinutes(10), ATTEMPTS_MAX_DEFAULT,
                Duration.ofMinutes(1));
    }

    /** REFERRAL_REWARDS_ENABLED, REFERRAL_LEVEL_MIN_REFERRALS, REFERRAL_REWARD_PERCENTS and the worker's REFERRAL_* bounds. */
    public static ReferralSettings fromEnvironment(Function<String, String> get) {
        ReferralSettings d = defaults();
        return new ReferralSettings(
                !"false".equalsIgnoreCase(get.apply("REFERRAL_REWARDS_ENABLED")),
                intsOr(get.apply("REFERRAL_LEVEL_MIN_REFERRALS"), d.levelMinReferrals()),
                intsOr(get.apply("REFERRAL_REWARD_PERCENTS"), d.percents()),
                Duration.ofMillis(longOr(get.apply("REFERRAL_WORKER_INTERVAL_MS"), d.workerInterval().toMillis())),
                d.batchSizeMax(),
                Duration.ofMillis(longOr(get.apply("REFERRAL_RETRY_BACKOFF_INITIAL_MS"), d.backoffInitial().toMillis())),
                Duration.ofMillis(longOr(get.apply("REFERRAL_RETRY_BACKOFF_MAX_MS"), d.backoffMax().toMillis())),
                (int) longOr(get.apply("REFERRAL_RETRY_ATTEMPTS_MAX"), d.attemptsMax()),
                d.scanGrace());
    }

    public ReferralSettings withLevels(List<Integer> minReferrals, List<Integer> rewardPercents) {
        return new ReferralSettings(enabled, minReferrals, rewardPercents, workerInterval, batchSizeMax, backoffInitial,
                backoffMax, attemptsMax, scanGrace);
    }

    public ReferralSettings withRetries(Duration initial, Duration max, int attempts) {
        return new ReferralSettings(enabled, levelMinReferrals, percents, workerInterval, batchSizeMax, initial, max,
                attempts, scanGrace);
    }

    public ReferralSettings withWorkerInterval(Duration interval) {
        return new ReferralSettings(enabled, levelMinReferrals, percents, interval, batchSizeMax, backoffInitial,
                backoffMax, attemptsMax, scanGrace);
    }

    /** The level (1-based) of a referrer with {@code referred} players; 0 when it reaches no level. */
    public int levelOf(long referred) {
        int level = 0;
        for (int i = 0; i < levelMinReferrals.size(); i++) {
            if (referred >= levelMinReferrals.get(i)) {
                level = i + 1;
            }
        }
        return level;
    }

    public int percentOf(int level) {
        return level == 0 ? 0 : percents.get(level - 1);
    }

    /** Rounded down: the house never pays a fraction of a minor unit more than the rate. */
    public static long reward(long depositAmount, int percent) {
        return Math.multiplyExact(depositAmount, (long) percent) / 100;
    }

    /** Delay before attempt {@code attempts + 1}: doubling from the initial delay, capped. */
    public Duration backoffAfter(int attempts) {
        long millis = backoffInitial.toMillis();
        for (int i = 1; i < attempts && millis < backoffMax.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, backoffMax.toMillis()));
    }
}
