package teller.server.common;

import java.util.Map;

/** Something that existed and was let go on purpose (a retention ran out): HTTP 410. */
public final class GoneException extends DomainException {
    public GoneException(String code, String message, Map<String, Object> details) {
        super(code, message, details);
    }
}
