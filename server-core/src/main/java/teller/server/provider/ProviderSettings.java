package teller.server.provider;

import static teller.server.common.EnvironmentValues.longOr;

import java.time.Duration;
import java.util.function.Function;

/**
 * Connection and resilience settings of one HTTP provider. Every bound is named: a call never
 * takes longer than {@code callTimeout}, and an execution makes at most {@code attemptsMax} calls.
 */
public record ProviderSettings(ProviderKind kind, String baseUrl, String token, Duration callTimeout, int attemptsMax,
                               Duration backoffInitial, Duration backoffMax, int breakerWindowCalls,
                               float breakerFailureRatePercent, Duration breakerOpenDuration) {

    public static ProviderSettings defaults(ProviderKind kind, String baseUrl, String token) {
        return new ProviderSettings(kind, baseUrl, token, Duration.ofSeconds(10), 3, Duration.ofMillis(200),
                Duration.ofSeconds(2), 20, 50f, Duration.ofSeconds(30));
    }

    /**
     * One provider at {@code baseUrl} with {@code token}, and the resilience bounds every provider
     * shares: PROVIDER_CALL_TIMEOUT_MS, PROVIDER_ATTEMPTS_MAX, PROVIDER_BACKOFF_INITIAL_MS.
     */
    public static ProviderSettings fromEnvironment(ProviderKind kind, String baseUrl, String token,
                                                   Function<String, String> get) {
        Duration callTimeout = Duration.ofMillis(longOr(get.apply("PROVIDER_CALL_TIMEOUT_MS"), 10_000));
        int attempts = (int) longOr(get.apply("PROVIDER_ATTEMPTS_MAX"), 3);
        Duration backoff = Duration.ofMillis(longOr(get.apply("PROVIDER_BACKOFF_INITIAL_MS"), 200));
        return defaults(kind, baseUrl, token).withTimeouts(callTimeout, attempts, backoff);
    }

    /**
     * The longest one execution can take: every attempt timing out, the backoff between them, and
     * the lookup by key that settles an uncertain failure. An execution lease must be longer.
     */
    public Duration executionDurationMax() {
        return callTimeout.multipliedBy(attemptsMax).plus(backoffMax.multipliedBy(Math.max(0, attemptsMax - 1)))
                .plus(callTimeout);
    }

    public ProviderSettings withTimeouts(Duration callTimeout, int attemptsMax, Duration backoffInitial) {
        return new ProviderSettings(kind, baseUrl, token, callTimeout, attemptsMax, backoffInitial, backoffMax,
                breakerWindowCalls, breakerFailureRatePercent, breakerOpenDuration);
    }
}
