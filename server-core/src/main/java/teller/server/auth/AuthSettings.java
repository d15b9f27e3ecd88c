package teller.server.auth;

import java.time.Duration;

/**
 * @param sessionLifetime absolute lifetime of a bearer token
 * @param sessionCacheTtl how long a validated token is trusted without asking the database again
 */
public record AuthSettings(Duration sessionLifetime, Duration sessionCacheTtl, int lockAfterFailures,
                           Duration lockDuration) {
    public static AuthSettings defaults() {
        return new AuthSettings(Duration.ofHours(12), Duration.ofSeconds(5), 10, Duration.ofMinutes(30));
    }
}
