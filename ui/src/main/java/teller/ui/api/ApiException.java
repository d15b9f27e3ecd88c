package teller.ui.api;

import java.util.Map;

/**
 * The server answered with an error: {@code {"error":{"code","message","details":{"field":...}}}}.
 * Non-JSON error bodies (a proxy's 502 page) become code {@code HTTP_<status>}.
 */
public final class ApiException extends TellerClientException {
    private final int status;
    private final String code;
    private final Map<String, Object> details;
    private final long retryAfterSeconds;

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        this(status, code, message, details, -1);
    }

    /** @param retryAfterSeconds the server's {@code Retry-After} (a 429), or -1 when it sent none */
    public ApiException(int status, String code, String message, Map<String, Object> details, long retryAfterSeconds) {
        super(message, null);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds the server asked the client to wait (HTTP 429 {@code Retry-After}), or -1 when it did not say. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The error's {@code details} as the server sent them. */
    public Map<String, Object> details() {
        return details;
    }

    /** A value of the error's {@code details}, or null. */
    public Object detail(String name) {
        return details.get(name);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The request field the server named as wrong, or null. */
    public String field() {
        Object field = details.get("field");
        return field == null ? null : field.toString();
    }

    @Override
    public String describe() {
        return code + ": " + getMessage();
    }
}
