package teller.ui.api;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fraud endpoints, typed: flag lists and resolution. */
public final class FraudApi {
    /** The resolutions the server accepts. */
    public static final List<String> RESOLUTIONS = List.of("CONFIRMED_FRAUD", "FALSE_POSITIVE", "ACCEPTED_RISK");
    public static final List<String> LEVELS = List.of("SAFE", "SUSPICIOUS", "RISKY", "FRAUDULENT");
    public static final List<String> STATUSES = List.of("OPEN", "RESOLVED");

    private final TellerClient client;

    public FraudApi(TellerClient client) {
        this.client = client;
    }

    /** A page of flags, newest first. */
    public record FlagPage(List<FraudFlagView> items, String nextCursor) {
        public FlagPage {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    /** Flags filtered by status and the player's level (null for any), newest first. */
    public FlagPage flags(String status, String level, String playerId, String cursor, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", status);
        query.put("level", level);
        query.put("playerId", playerId);
        query.put("cursor", cursor);
        query.put("limit", String.valueOf(limit));
        return client.get("api/v1/fraud/flags", query, new TypeReference<FlagPage>() { });
    }

    /** Resolves an open flag (supervisors and admins); the answer is the resolved flag. */
    public FraudFlagView resolve(String flagId, String resolution, String note) {
        return client.post("api/v1/fraud/flags/" + TellerClient.pathSegment(flagId) + "/resolve",
                Map.of("resolution", resolution, "note", note), FraudFlagView.class);
    }
}
