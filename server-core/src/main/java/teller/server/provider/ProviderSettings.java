package teller.server.provider;

import java.time.Duration;

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

    public ProviderSettings withTimeouts(Duration callTimeout, int attemptsMax, Duration backoffInitial) {
        return new ProviderSettings(kind, baseUrl, token, callTimeout, attemptsMax, backoffInitial, backoffMax,
                breakerWindowCalls, breakerFailureRatePercent, breakerOpenDuration);
    }
}
