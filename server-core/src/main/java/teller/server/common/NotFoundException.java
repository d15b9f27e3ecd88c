package teller.server.common;

import java.util.Map;

public final class NotFoundException extends DomainException {
    public NotFoundException(String resource, String id) {
        super(resource.toUpperCase(java.util.Locale.ROOT) + "_NOT_FOUND", resource + " " + id + " does not exist",
                Map.of("resource", resource, "id", id));
    }
}
