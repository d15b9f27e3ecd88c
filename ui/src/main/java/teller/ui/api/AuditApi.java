package teller.ui.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The audit trail ({@code GET /api/v1/audit}, newest first) and its chain check; ADMIN or AUDITOR. */
public final class AuditApi {
    public static final int LIMIT_MAX = 500;
    public static final List<String> OUTCOMES = List.of("SUCCESS", "FAILURE", "DENIED");
    public static final List<String> ACTOR_TYPES = List.of("OPERATOR", "INTEGRATION", "TELEGRAM_BOT", "SYSTEM",
            "ANONYMOUS");

    private final TellerClient client;

    public AuditApi(TellerClient client) {
        this.client = Objects.requireNonNull(client);
    }

    /**
     * One audit row; {@code details} is the action's before/after or reason as the server recorded it,
     * {@code actorUsername} the acting operator's username (null for integrations and the system),
     * {@code resourceUsername} the operator's username when the resource is an operator.
     */
    public record Entry(String id, Instant at, String actorType, String actorId, String action, String resourceType,
                        String resourceId, String origin, String outcome, JsonNode details, boolean sealed,
                        String actorUsername, String resourceUsername) {
    }

    public record Page(List<Entry> items, String nextCursor) {
        public Page {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    /**
     * Filters of the trail; null or blank leaves one out. {@code actor} is an operator's username;
     * {@code to} is exclusive.
     */
    public record Query(String actorType, String actor, String action, String resourceType, String resourceId,
                        String outcome, Instant from, Instant to) {
        public static Query all() {
            return new Query(null, null, null, null, null, null, null, null);
        }
    }

    /** The result of re-hashing the chain: intact, or the first row whose hash does not match. */
    public record Verification(boolean intact, long rowsChecked, String firstBrokenId, String problem, long unsealed) {
    }

    public Page page(Query query, String cursor, int limit) {
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be between 1 and " + LIMIT_MAX);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("actorType", blankToNull(query.actorType()));
        params.put("actor", blankToNull(query.actor()));
        params.put("action", blankToNull(query.action()));
        params.put("resourceType", blankToNull(query.resourceType()));
        params.put("resourceId", blankToNull(query.resourceId()));
        params.put("outcome", blankToNull(query.outcome()));
        params.put("from", query.from() == null ? null : query.from().toString());
        params.put("to", query.to() == null ? null : query.to().toString());
        params.put("cursor", cursor);
        params.put("limit", String.valueOf(limit));
        return client.get("api/v1/audit", params, new TypeReference<Page>() { });
    }

    public Verification verify() {
        return client.get("api/v1/audit/verify", Map.of(), Verification.class);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
