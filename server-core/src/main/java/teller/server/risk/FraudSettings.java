package teller.server.risk;

import java.time.Duration;
import java.util.function.Function;

/**
 * Thresholds of the fraud rules (decision 0033). A threshold of 0 switches its rule off.
 *
 * @param velocityThreshold      more orders than this by one player within an hour trips VELOCITY
 * @param rapidWithdrawalMinutes a withdrawal requested within this many minutes after a deposit was
 *                               executed trips RAPID_WITHDRAWAL
 * @param winningStreakThreshold this many profitable withdrawals in a row trip WINNING_STREAK
 * @param amountAnomalyFactor    an amount above this many times the median of the player's earlier
 *                               orders of the same type trips AMOUNT_ANOMALY
 * @param amountAnomalyHistorySize how many earlier orders the median is taken over (the latest ones)
 * @param amountAnomalyHistoryMin  fewer earlier orders than this and AMOUNT_ANOMALY says nothing
 * @param rescoreInterval        how often the rescoring worker runs
 * @param rescoreAge             a pending order is evaluated again once its last evaluation is this old
 */
public record FraudSettings(int velocityThreshold, int rapidWithdrawalMinutes, int winningStreakThreshold,
                            int amountAnomalyFactor, int amountAnomalyHistorySize, int amountAnomalyHistoryMin,
                            Duration rescoreInterval, Duration rescoreAge) {
    public static final int THRESHOLD_MAX = 1_000_000;
    /** The median is over at most this many orders (a bound on what one evaluation reads). */
    public static final int AMOUNT_ANOMALY_HISTORY_SIZE_MAX = 200;

    public FraudSettings {
        nonNegative("VELOCITY_THRESHOLD", velocityThreshold);
        nonNegative("RAPID_WITHDRAWAL_MINUTES", rapidWithdrawalMinutes);
        nonNegative("WINNING_STREAK_THRESHOLD", winningStreakThreshold);
        nonNegative("AMOUNT_ANOMALY_FACTOR", amountAnomalyFactor);
        if (amountAnomalyHistorySize < 1 || amountAnomalyHistorySize > AMOUNT_ANOMALY_HISTORY_SIZE_MAX) {
            throw new IllegalArgumentException("AMOUNT_ANOMALY_HISTORY_SIZE must be 1.." + AMOUNT_ANOMALY_HISTORY_SIZE_MAX);
        }
        if (amountAnomalyHistoryMin < 1 || amountAnomalyHistoryMin > amountAnomalyHistorySize) {
            throw new IllegalArgumentException("AMOUNT_ANOMALY_HISTORY_MIN must be 1..AMOUNT_ANOMALY_HISTORY_SIZE");
        }
        if (rescoreInterval.isNegative() || rescoreInterval.isZero() || rescoreAge.isNegative()) {
            throw new IllegalArgumentException("FRAUD_RESCORE_INTERVAL_SECONDS must be positive, FRAUD_RESCORE_AGE_SECONDS >= 0");
        }
    }

    private static void nonNegative(String name, int value) {
        if (value < 0 || value > THRESHOLD_MAX) {
            throw new IllegalArgumentException(name + " must be 0.." + THRESHOLD_MAX + " (0 switches the rule off)");
        }
    }

    /**
     * False when every threshold is 0 ({@link #off()}): the engine then evaluates nothing, DUPLICATE_PROOF
     * (which has no threshold) included.
     */
    public boolean enabled() {
        return velocityThreshold > 0 || rapidWithdrawalMinutes > 0 || winningStreakThreshold > 0 || amountAnomalyFactor > 0;
    }

    public static FraudSettings defaults() {
        return new FraudSettings(10, 30, 3, 5, 20, 5, Duration.ofSeconds(60), Duration.ofMinutes(5));
    }

    /** Every rule off: for tests of other features, whose data would otherwise trip them by accident. */
    public static FraudSettings off() {
        FraudSettings d = defaults();
        return new FraudSettings(0, 0, 0, 0, d.amountAnomalyHistorySize, d.amountAnomalyHistoryMin, d.rescoreInterval,
                d.rescoreAge);
    }

    public static FraudSettings fromEnvironment(Function<String, String> get) {
        FraudSettings d = defaults();
        return new FraudSettings(
                intOr(get, "VELOCITY_THRESHOLD", d.velocityThreshold),
                intOr(get, "RAPID_WITHDRAWAL_MINUTES", d.rapidWithdrawalMinutes),
                intOr(get, "WINNING_STREAK_THRESHOLD", d.winningStreakThreshold),
                intOr(get, "AMOUNT_ANOMALY_FACTOR", d.amountAnomalyFactor),
                intOr(get, "AMOUNT_ANOMALY_HISTORY_SIZE", d.amountAnomalyHistorySize),
                intOr(get, "AMOUNT_ANOMALY_HISTORY_MIN", d.amountAnomalyHistoryMin),
                Duration.ofSeconds(intOr(get, "FRAUD_RESCORE_INTERVAL_SECONDS", (int) d.rescoreInterval.toSeconds())),
                Duration.ofSeconds(intOr(get, "FRAUD_RESCORE_AGE_SECONDS", (int) d.rescoreAge.toSeconds())));
    }

    private static int intOr(Function<String, String> get, String name, int fallback) {
        String text = get.apply(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + text + "'", e);
        }
    }

    public FraudSettings withVelocityThreshold(int value) {
        return new FraudSettings(value, rapidWithdrawalMinutes, winningStreakThreshold, amountAnomalyFactor,
                amountAnomalyHistorySize, amountAnomalyHistoryMin, rescoreInterval, rescoreAge);
    }

    public FraudSettings withRescoreInterval(Duration value) {
        return new FraudSettings(velocityThreshold, rapidWithdrawalMinutes, winningStreakThreshold, amountAnomalyFactor,
                amountAnomalyHistorySize, amountAnomalyHistoryMin, value, rescoreAge);
    }

    public FraudSettings withRescoreAge(Duration value) {
        return new FraudSettings(velocityThreshold, rapidWithdrawalMinutes, winningStreakThreshold, amountAnomalyFactor,
                amountAnomalyHistorySize, amountAnomalyHistoryMin, rescoreInterval, value);
    }
}
