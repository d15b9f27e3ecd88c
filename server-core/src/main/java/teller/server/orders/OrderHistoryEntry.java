package teller.server.orders;

import java.time.Instant;

public record OrderHistoryEntry(long id, Instant at, String fromStatus, String toStatus, String actorType,
                                String actorId, String note) {
}
