package teller.server.common;

import java.util.Map;

public final class UnauthorizedException extends DomainException {
    public UnauthorizedException(String code, String message) {
        super(code, message, Map.of());
    }
}
