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
 */
public record AlertSettings(BigDecimal approvedFailedRatioMax, int executionAttemptsMax, Duration window) {
    public static final BigDecimal APPROVED_FAILED_RATIO_MAX_DEFAULT = new BigDecimal("0.05");
    public static final int EXECUTION_ATTEMPTS_MAX_DEFAULT = 3;
    public static final Duration WINDOW_DEFAULT = Duration.ofHours(24);
    /** A window is a bounded read of recent history; a week is as far as it may reach. */
    public static final Duration WINDOW_MAX = Duration.ofDays(7);

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
    }

    public static AlertSettings defaults() {
        return new AlertSettings(APPROVED_FAILED_RATIO_MAX_DEFAULT, EXECUTION_ATTEMPTS_MAX_DEFAULT, WINDOW_DEFAULT);
    }

    /** ALERT_APPROVED_FAILED_RATIO_MAX, ALERT_EXECUTION_ATTEMPTS_MAX, ALERT_WINDOW_HOURS. */
    public static AlertSettings fromEnvironment(Function<String, String> get) {
        String ratio = get.apply("ALERT_APPROVED_FAILED_RATIO_MAX");
        BigDecimal ratioMax;
        try {
            ratioMax = ratio == null ? APPROVED_FAILED_RATIO_MAX_DEFAULT : new BigDecimal(ratio);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ALERT_APPROVED_FAILED_RATIO_MAX: expected a fraction like 0.05, got '"
                    + ratio + "'", e);
        }
        return new AlertSettings(ratioMax,
                (int) longOr(get.apply("ALERT_EXECUTION_ATTEMPTS_MAX"), EXECUTION_ATTEMPTS_MAX_DEFAULT),
                Duration.ofHours(longOr(get.apply("ALERT_WINDOW_HOURS"), WINDOW_DEFAULT.toHours())));
    }
}
