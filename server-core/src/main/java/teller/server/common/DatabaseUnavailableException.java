package teller.server.common;

import java.util.Map;

/**
 * The database cannot be reached at the moment (it is restarting, or the connection broke): HTTP
 * 503 {@code DATABASE_UNAVAILABLE} with {@code Retry-After}. Whether a write that was under way
 * committed is unknown; the client sends it again with the same Idempotency-Key.
 */
public final class DatabaseUnavailableException extends DomainException {
    /** What clients are told to wait before trying again; the embedded database restarts in a few seconds. */
    public static final long RETRY_AFTER_SECONDS = 2;

    public DatabaseUnavailableException(String message, Throwable cause) {
        super("DATABASE_UNAVAILABLE", message, Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
        initCause(cause);
    }

    public long retryAfterSeconds() {
        return RETRY_AFTER_SECONDS;
    }
}
