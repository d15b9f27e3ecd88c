package teller.server.common;

import java.util.Map;

/**
 * Something the request needs is not available on this server now (HTTP 503): not set up yet (an
 * administrator must configure it) or down for a while. The caller may succeed later and should
 * retry rather than give up; {@code retryAfterSeconds}, when known, says when (the Retry-After header).
 */
public final class UnavailableException extends DomainException {
    private final Long retryAfterSeconds;

    public UnavailableException(String code, String message) {
        this(code, message, Map.of(), null);
    }

    public UnavailableException(String code, String message, Map<String, Object> details, Long retryAfterSeconds) {
        super(code, message, details);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds until a retry may succeed, or null when nobody can tell. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
