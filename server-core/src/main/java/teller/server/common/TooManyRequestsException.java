package teller.server.common;

import java.util.Map;

/** The caller exceeded a rate limit; {@code retryAfterSeconds} says when to try again. */
public final class TooManyRequestsException extends DomainException {
    private final long retryAfterSeconds;

    public TooManyRequestsException(String code, String message, long retryAfterSeconds) {
        super(code, message, Map.of("retryAfterSeconds", retryAfterSeconds));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
