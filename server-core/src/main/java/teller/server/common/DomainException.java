package teller.server.common;

import java.util.Map;

/**
 * An expected refusal with a stable SNAKE_CASE code. The HTTP edge maps each kind to its status;
 * domain code never deals in status numbers.
 */
public abstract class DomainException extends RuntimeException {
    private final String code;
    private final Map<String, Object> details;

    protected DomainException(String code, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
