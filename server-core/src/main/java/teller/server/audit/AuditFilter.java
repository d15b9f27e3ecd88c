package teller.server.audit;

import java.time.Instant;

/**
 * What the audit viewer asks for; every null part matches everything. {@code from} is inclusive,
 * {@code to} exclusive. {@code actor} is an operator's username: their rows as OPERATOR and through
 * the Telegram bot.
 */
public record AuditFilter(String actorType, String actorId, String actor, String action, String resourceType,
                          String resourceId, AuditEvent.Outcome outcome, Instant from, Instant to) {
    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null, null, null, null);
}
