package teller.ui.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The proof forwarding endpoints: {@code GET /api/v1/proof-forwards} and {@code POST .../{id}/retry}. */
public final class ProofForwardApi {
    /** The server's largest page. */
    public static final int LIMIT_MAX = 500;

    private final TellerClient client;

    public ProofForwardApi(TellerClient client) {
        this.client = client;
    }

    /** One forward of an order's payment proof to the operators' chat, as the server reports it. */
    public record Forward(String id, String orderId, String sha256, String status, int attempts, String lastError,
                          Instant nextAttemptAt, String messageRef, boolean spooled, Instant createdAt,
                          Instant updatedAt, Instant expiresAt) {
        /** What the server re-queues: FAILED, or EXPIRED while its image is still spooled. */
        public boolean requeueable() {
            return "FAILED".equals(status) || "EXPIRED".equals(status) && spooled;
        }
    }

    public record Page(List<Forward> items, String nextCursor) {
        public Page {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    /** Newest first; {@code status} null for every status. */
    public Page list(String status, String cursor, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", status);
        query.put("cursor", cursor);
        query.put("limit", String.valueOf(Math.min(limit, LIMIT_MAX)));
        return client.get("api/v1/proof-forwards", query, Page.class);
    }

    /** Puts a failed (or expired, still spooled) forward back in the queue; the answer is the forward now. */
    public Forward requeue(String forwardId) {
        return client.post("api/v1/proof-forwards/" + TellerClient.pathSegment(forwardId) + "/retry", null,
                Forward.class);
    }
}
