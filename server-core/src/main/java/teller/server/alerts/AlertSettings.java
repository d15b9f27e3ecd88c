package teller.server.alerts;

import static teller.server.common.EnvironmentValues.longOr;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.Function;

/**
 * When the dashboard raises its alerts (decision 0046).
 *
 * @param approvedFailedRatioMax the APPROVED_FAILED share of finished executions above which the
 *                               ratio alert is active (0.05 = 5 %; exactly at it is not above)
 * @param executionAttemptsMax   an order with more attempts than this is alerted
 * @param window                 how far back the alerts look (executions finished, orders touched)
 * @param fraudScoreAlertMin     a player whose fraud score is above this and who has pending orders is alerted
 *                               (75: a score of 75 is not above it)
 * @param paymentFailedRatioMax  the share of refused payment webhook deliveries among all of them in the
 *                               window above which that alert is active (0.01 = 1 %)
 * @param newErrorCodeWindow     an error code first seen within this much of now is alerted
 */
public record AlertSettings(BigDecimal approvedFailedRatioMax, int executionAttemptsMax, Duration window,
                            int fraudScoreAlertMin, BigDecimal paymentFailedRatioMax, Duration newErrorCodeWindow) {
    public static final BigDecimal APPROVED_FAILED_RATIO_MAX_DEFAULT = new BigDecimal("0.05");
    public static final int EXECUTION_ATTEMPTS_MAX_DEFAULT = 3;
    public static final Duration WINDOW_DEFAULT = Duration.ofHours(24);
    /** A window is a bounded read of recent history; a week is as far as it may reach. */
    public static final Duration WINDOW_MAX = Duration.ofDays(7);
    public static final int FRAUD_SCORE_ALERT_MIN_DEFAULT = 75;
    public static final BigDecimal PAYMENT_FAILED_RATIO_MAX_DEFAULT = new BigDecimal("0.01");
    public static final Duration NEW_ERROR_CODE_WINDOW_DEFAULT = Duration.ofHours(24);

    public AlertSettings {
        if (approvedFailedRatioMax.signum() < 0 || approvedFailedRatioMax.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("the APPROVED_FAILED ratio threshold must be between 0 and 1");
        }
        if (executionAttemptsMax < 1) {
            throw new IllegalArgumentException("the execution attempts threshold must be at least 1");
        }
        if (window.isNegative() || window.isZero() || window.compareTo(WINDOW_MAX) > 0) {
            throw new IllegalArgumentException("the alert window must be between 1 second and " + WINDOW_MAX);
        }
        if (fraudScoreAlertMin < 0 || fraudScoreAlertMin > 100) {
            throw new IllegalArgumentException("FRAUD_SCORE_ALERT_MIN must be between 0 and 100");
        }
        if (paymentFailedRatioMax.signum() < 0 || paymentFailedRatioMax.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("ALERT_PAYMENT_FAILED_RATIO_MAX must be between 0 and 1");
        }
        if (newErrorCodeWindow.isNegative() || newErrorCodeWindow.isZero() || newErrorCodeWindow.compareTo(WINDOW_MAX) > 0) {
            throw new IllegalArgumentException("ALERT_NEW_ERROR_CODE_HOURS must be between 1 and " + WINDOW_MAX.toHours());
        }
    }

    /** The first three thresholds; the others at their defaults. */
    public AlertSettings(BigDecimal approvedFailedRatioMax, int executionAttemptsMax, Duration window) {
        this(approvedFailedRatioMax, executionAttemptsMax, window, FRAUD_SCORE_ALERT_MIN_DEFAULT,
                PAYMENT_FAILED_RATIO_MAX_DEFAULT, NEW_ERROR_CODE_WINDOW_DEFAULT);
    }

    public AlertSettings withFraudScoreAlertMin(int value) {
        return new AlertSettings(approvedFailedRatioMax, executionAttemptsMax, window, value, paymentFailedRatioMax,
                newErrorCodeWindow);
    }

    public AlertSettings withPaymentFailedRatioMax(BigDecimal value) {
        return new AlertSettings(approvedFailedRatioMax, executionAttemptsMax, window, fraudScoreAlertMin, value,
                newErrorCodeWindow);
    }

    public AlertSettings withNewErrorCodeWindow(Duration value) {
        return new AlertSettings(approvedFailedRatioMax, executionAttemptsMax, window, fraudScoreAlertMin,
                paymentFailedRatioMax, value);
    }

    public static AlertSettings defaults() {
        return new AlertSettings(APPROVED_FAILED_RATIO_MAX_DEFAULT, EXECUTION_ATTEMPTS_MAX_DEFAULT, WINDOW_DEFAULT);
    }

    /**
     * ALERT_APPROVED_FAILED_RATIO_MAX, ALERT_EXECUTION_ATTEMPTS_MAX, ALERT_WINDOW_HOURS, FRAUD_SCORE_ALERT_MIN,
     * ALERT_PAYMENT_FAILED_RATIO_MAX, ALERT_NEW_ERROR_CODE_HOURS.
     */
    public static AlertSettings fromEnvironment(Function<String, String> get) {
        return new AlertSettings(fraction(get, "ALERT_APPROVED_FAILED_RATIO_MAX", APPROVED_FAILED_RATIO_MAX_DEFAULT),
                (int) longOr(get.apply("ALERT_EXECUTION_ATTEMPTS_MAX"), EXECUTION_ATTEMPTS_MAX_DEFAULT),
                Duration.ofHours(longOr(get.apply("ALERT_WINDOW_HOURS"), WINDOW_DEFAULT.toHours())),
                (int) longOr(get.apply("FRAUD_SCORE_ALERT_MIN"), FRAUD_SCORE_ALERT_MIN_DEFAULT),
                fraction(get, "ALERT_PAYMENT_FAILED_RATIO_MAX", PAYMENT_FAILED_RATIO_MAX_DEFAULT),
                Duration.ofHours(longOr(get.apply("ALERT_NEW_ERROR_CODE_HOURS"), NEW_ERROR_CODE_WINDOW_DEFAULT.toHours())));
    }

    private static BigDecimal fraction(Function<String, String> get, String name, BigDecimal fallback) {
        String text = get.apply(name);
        try {
            return text == null ? fallback : new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a fraction like " + fallback + ", got '" + text + "'", e);
        }
    }
}
