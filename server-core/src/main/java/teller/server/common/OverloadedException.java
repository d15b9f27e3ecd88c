package teller.server.common;

import java.util.Map;

/** A bounded queue is full; the client should retry later (HTTP 503 with Retry-After). */
public final class OverloadedException extends DomainException {
    public static final long RETRY_AFTER_SECONDS = 1;

    public OverloadedException(String message) {
        this("OVERLOADED", message);
    }

    public OverloadedException(String code, String message) {
        super(code, message, Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
    }
}
