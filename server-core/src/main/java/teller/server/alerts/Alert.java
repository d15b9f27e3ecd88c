package teller.server.alerts;

import java.util.Map;

/**
 * One alert of the dashboard, whether it is active or not, with the figures it was decided on,
 * so a client can show "4.9 % of 5 %" as well as the trip.
 */
public record Alert(String name, boolean active, String message, Map<String, Object> details) {
    public static final String APPROVED_FAILED_RATIO = "APPROVED_FAILED_RATIO";
    public static final String EXECUTION_ATTEMPTS = "EXECUTION_ATTEMPTS";
    public static final String PROVIDER_UNAVAILABLE = "PROVIDER_UNAVAILABLE";
    /** A provider's circuit breaker is OPEN: calls to it are refused until it lets a trial through. */
    public static final String PROVIDER_CIRCUIT_OPEN = "PROVIDER_CIRCUIT_OPEN";
    /** A player above FRAUD_SCORE_ALERT_MIN who still has orders waiting for review (issue 17). */
    public static final String FRAUD_SCORE_PENDING = "FRAUD_SCORE_PENDING";
    /** Refused payment webhook deliveries above ALERT_PAYMENT_FAILED_RATIO_MAX of all deliveries (issue 17). */
    public static final String PAYMENT_WEBHOOK_FAILED_RATIO = "PAYMENT_WEBHOOK_FAILED_RATIO";
    /** An error code the server answered for the first time within ALERT_NEW_ERROR_CODE_HOURS (issue 17). */
    public static final String NEW_ERROR_CODE = "NEW_ERROR_CODE";
    public static final java.util.List<String> NAMES = java.util.List.of(APPROVED_FAILED_RATIO, EXECUTION_ATTEMPTS,
            PROVIDER_UNAVAILABLE, PROVIDER_CIRCUIT_OPEN, FRAUD_SCORE_PENDING, PAYMENT_WEBHOOK_FAILED_RATIO, NEW_ERROR_CODE);

    public Alert {
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }
}
