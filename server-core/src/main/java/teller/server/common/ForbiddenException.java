package teller.server.common;

import java.util.Map;

public final class ForbiddenException extends DomainException {
    public ForbiddenException(String code, String message) {
        super(code, message, Map.of());
    }
}
