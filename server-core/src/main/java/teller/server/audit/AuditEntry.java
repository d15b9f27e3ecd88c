package teller.server.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One audit row as read back. {@code actorUsername} is the operator's username when the actor is an
 * operator (or the Telegram bot acting for one), read with the row; null otherwise. {@code resourceUsername} is the
 * operator's username when the resource is an operator (a sign-in, a role or cap change); null otherwise.
 */
public record AuditEntry(long id, Instant at, String actorType, String actorId, String action, String resourceType,
                         String resourceId, String origin, String outcome, Map<String, Object> details,
                         Long chainSeq, String actorUsername, String resourceUsername) {
}
