package teller.server.common;

import java.util.Map;

/** A bounded queue is full; the client should retry later (HTTP 503). */
public final class OverloadedException extends DomainException {
    public OverloadedException(String message) {
        super("OVERLOADED", message, Map.of());
    }
}
