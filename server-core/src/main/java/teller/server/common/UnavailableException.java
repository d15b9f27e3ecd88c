package teller.server.common;

import java.util.Map;

/**
 * Something the request needs is not set up on this server (HTTP 503): the caller may succeed
 * later, once an administrator configures it, and should retry rather than give up.
 */
public final class UnavailableException extends DomainException {
    public UnavailableException(String code, String message) {
        super(code, message, Map.of());
    }
}
