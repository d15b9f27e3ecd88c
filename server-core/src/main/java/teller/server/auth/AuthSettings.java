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
 * @param addressFailuresMax failed sign-ins from one client address within {@code addressWindow}
 *                          after which that address is refused (429) until the oldest ages out;
 *                          successful sign-ins do not count (decision 0073)
 * @param addressWindow     the window of the per-address limit
 */
public record AuthSettings(Duration sessionLifetime, Duration sessionIdle, Duration sessionCacheTtl,
                           int lockAfterFailures, Duration lockDuration, int addressFailuresMax, Duration addressWindow) {
    public AuthSettings {
        if (sessionIdle.compareTo(sessionCacheTtl) <= 0 || sessionLifetime.compareTo(sessionCacheTtl) <= 0) {
            throw new IllegalArgumentException("session timeouts must be longer than the session cache ("
                    + sessionCacheTtl + ")");
        }
        if (lockAfterFailures < 1) {
            throw new IllegalArgumentException("lockAfterFailures must be at least 1");
        }
        if (addressFailuresMax < 1 || addressWindow.isNegative() || addressWindow.isZero()) {
            throw new IllegalArgumentException("LOGIN_ADDRESS_FAILURES_MAX and LOGIN_ADDRESS_WINDOW_MINUTES must be at least 1");
        }
    }

    /** The same settings with lockout parameters as given (tests and older callers). */
    public AuthSettings(Duration sessionLifetime, Duration sessionIdle, Duration sessionCacheTtl, int lockAfterFailures,
                        Duration lockDuration) {
        this(sessionLifetime, sessionIdle, sessionCacheTtl, lockAfterFailures, lockDuration, ADDRESS_FAILURES_MAX_DEFAULT,
                ADDRESS_WINDOW_DEFAULT);
    }

    public static final int ADDRESS_FAILURES_MAX_DEFAULT = 20;
    public static final Duration ADDRESS_WINDOW_DEFAULT = Duration.ofMinutes(5);

    public AuthSettings withAddressLimit(int failuresMax, Duration window) {
        return new AuthSettings(sessionLifetime, sessionIdle, sessionCacheTtl, lockAfterFailures, lockDuration,
                failuresMax, window);
    }

    public static AuthSettings defaults() {
        return new AuthSettings(Duration.ofHours(12), Duration.ofMinutes(15), Duration.ofSeconds(5), 10,
                Duration.ofMinutes(30));
    }

    /**
     * SESSION_LIFETIME_MINUTES, SESSION_IDLE_MINUTES, LOGIN_FAILURES_MAX, LOGIN_LOCK_MINUTES,
     * LOGIN_ADDRESS_FAILURES_MAX, LOGIN_ADDRESS_WINDOW_MINUTES.
     */
    public static AuthSettings fromEnvironment(Function<String, String> get) {
        AuthSettings d = defaults();
        return new AuthSettings(
                Duration.ofMinutes(longOr(get.apply("SESSION_LIFETIME_MINUTES"), d.sessionLifetime().toMinutes())),
                Duration.ofMinutes(longOr(get.apply("SESSION_IDLE_MINUTES"), d.sessionIdle().toMinutes())),
                d.sessionCacheTtl(),
                (int) longOr(get.apply("LOGIN_FAILURES_MAX"), d.lockAfterFailures()),
                Duration.ofMinutes(longOr(get.apply("LOGIN_LOCK_MINUTES"), d.lockDuration().toMinutes())),
                (int) longOr(get.apply("LOGIN_ADDRESS_FAILURES_MAX"), d.addressFailuresMax()),
                Duration.ofMinutes(longOr(get.apply("LOGIN_ADDRESS_WINDOW_MINUTES"), d.addressWindow().toMinutes())));
    }
}
