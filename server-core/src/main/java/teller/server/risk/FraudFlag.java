package teller.server.risk;

import java.time.Instant;
import java.util.Map;

/**
 * One flag raised by a fraud rule, with its player's score and level as they stand now (filled in
 * by the read that returns it). {@code orderId} is null for a flag about the player alone.
 */
public record FraudFlag(long id, String playerId, Long orderId, FraudRule rule, Map<String, Object> evidence,
                        int points, Status status, Resolution resolution, String note, String resolvedBy,
                        Instant resolvedAt, Instant createdAt, int playerScore, String resolvedByUsername) {
    public enum Status {
        OPEN, RESOLVED
    }

    public enum Resolution {
        /** The operator found fraud; the player should be dealt with (suspension is a separate step). */
        CONFIRMED_FRAUD,
        /** The rule tripped on legitimate behaviour. */
        FALSE_POSITIVE,
        /** Suspicious but accepted after review (e.g. a known high roller). */
        ACCEPTED_RISK
    }

    public FraudLevel playerLevel() {
        return FraudLevel.of(playerScore);
    }
}
