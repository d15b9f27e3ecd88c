package teller.server.common;

import java.util.Map;

public final class NotFoundException extends DomainException {
    public NotFoundException(String resource, String id) {
        super(resource.toUpperCase(java.util.Locale.ROOT) + "_NOT_FOUND", resource + " " + id + " does not exist",
                Map.of("resource", resource, "id", id));
    }

    /** A resource that exists but lacks the part asked for, under its own code (for example NO_PROOF). */
    public NotFoundException(String code, String message, Map<String, Object> details) {
        super(code, message, details);
    }
}
