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

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message, null);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
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
