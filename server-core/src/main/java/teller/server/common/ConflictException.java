package teller.server.common;

import java.util.Map;

/** The resource is in a state that does not allow the request (e.g. approving a rejected order). */
public final class ConflictException extends DomainException {
    public ConflictException(String code, String message, Map<String, Object> details) {
        super(code, message, details);
    }
}
