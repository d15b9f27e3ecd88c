package teller.server.audit;

import java.util.Map;
import java.util.Objects;
import teller.server.common.Actor;

/** One audit row: who did what to which resource, from where, with what outcome. */
public record AuditEvent(Actor actor, String action, String resourceType, String resourceId, Outcome outcome,
                         Map<String, Object> details) {
    public enum Outcome {
        SUCCESS, FAILURE, DENIED
    }

    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        details = details == null ? Map.of() : details;
    }

    public static AuditEvent success(Actor actor, String action, String resourceType, String resourceId,
                                     Map<String, Object> details) {
        return new AuditEvent(actor, action, resourceType, resourceId, Outcome.SUCCESS, details);
    }
}
