package teller.server.auth;

import static teller.server.common.EnvironmentValues.longOr;

import java.time.Duration;
import java.util.function.Function;

/**
 * @param sessionLifetime   absolute lifetime of a bearer token, however active its session is
 * @param sessionIdle       a session unused for this long ends (idle timeout)
 * @param sessionCacheTtl   how long a validated token is trusted without asking the database again;
 *                          it bounds how late a disable or logout on another replica takes effect
 * @param lockAfterFailures wrong passwords in a row that lock an account
 * @param lockDuration      how long a locked account refuses every sign-in
 */
public record AuthSettings(Duration sessionLifetime, Duration sessionIdle, Duration sessionCacheTtl,
                           int lockAfterFailures, Duration lockDuration) {
    public AuthSettings {
        if (sessionIdle.compareTo(sessionCacheTtl) <= 0 || sessionLifetime.compareTo(sessionCacheTtl) <= 0) {
            throw new IllegalArgumentException("session timeouts must be longer than the session cache ("
                    + sessionCacheTtl + ")");
        }
        if (lockAfterFailures < 1) {
            throw new IllegalArgumentException("lockAfterFailures must be at least 1");
        }
    }

    public static AuthSettings defaults() {
        return new AuthSettings(Duration.ofHours(12), Duration.ofMinutes(15), Duration.ofSeconds(5), 10,
                Duration.ofMinutes(30));
    }

    /** SESSION_LIFETIME_MINUTES, SESSION_IDLE_MINUTES, LOGIN_FAILURES_MAX, LOGIN_LOCK_MINUTES. */
    public static AuthSettings fromEnvironment(Function<String, String> get) {
        AuthSettings d = defaults();
        return new AuthSettings(
                Duration.ofMinutes(longOr(get.apply("SESSION_LIFETIME_MINUTES"), d.sessionLifetime().toMinutes())),
                Duration.ofMinutes(longOr(get.apply("SESSION_IDLE_MINUTES"), d.sessionIdle().toMinutes())),
                d.sessionCacheTtl(),
                (int) longOr(get.apply("LOGIN_FAILURES_MAX"), d.lockAfterFailures()),
                Duration.ofMinutes(longOr(get.apply("LOGIN_LOCK_MINUTES"), d.lockDuration().toMinutes())));
    }
}
