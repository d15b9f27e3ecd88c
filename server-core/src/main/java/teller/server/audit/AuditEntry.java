package teller.server.audit;

import java.time.Instant;
import java.util.Map;

public record AuditEntry(long id, Instant at, String actorType, String actorId, String action, String resourceType,
                         String resourceId, String origin, String outcome, Map<String, Object> details,
                         Long chainSeq) {
}
