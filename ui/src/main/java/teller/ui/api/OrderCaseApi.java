package teller.ui.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Order lookup: history by filters ({@code GET /api/v1/orders}) and an order's case ({@code GET .../{id}/case}). */
public final class OrderCaseApi {
    public static final int LIMIT_MAX = 500;

    private final TellerClient client;

    public OrderCaseApi(TellerClient client) {
        this.client = client;
    }

    /** What the history asks for; null parts match everything. {@code to} is exclusive. */
    public record HistoryQuery(String id, String status, String type, String playerId, Instant from, Instant to) {
    }

    public record Attempt(int number, Instant startedAt, String startedByType, String startedById, Instant endedAt,
                          String outcome, String note) {
    }

    public record AuditRow(String id, Instant at, String actorType, String actorId, String action, String outcome,
                           String actorUsername) {
    }

    public record Case(OrderView order, List<OrderView.HistoryEntry> history, List<LedgerApi.Transaction> transactions,
                       List<Attempt> attempts, List<AuditRow> audit, boolean auditTruncated) {
        public Case {
            history = history == null ? List.of() : List.copyOf(history);
            transactions = transactions == null ? List.of() : List.copyOf(transactions);
            attempts = attempts == null ? List.of() : List.copyOf(attempts);
            audit = audit == null ? List.of() : List.copyOf(audit);
        }
    }

    public OrderPage history(HistoryQuery q, String cursor, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("id", blankToNull(q.id()));
        query.put("status", q.status());
        query.put("type", q.type());
        query.put("playerId", blankToNull(q.playerId()));
        query.put("from", q.from() == null ? null : q.from().toString());
        query.put("to", q.to() == null ? null : q.to().toString());
        query.put("cursor", cursor);
        query.put("limit", String.valueOf(Math.min(limit, LIMIT_MAX)));
        return client.get("api/v1/orders", query, OrderPage.class);
    }

    public Case orderCase(String orderId) {
        return client.get("api/v1/orders/" + TellerClient.pathSegment(orderId.trim()) + "/case", Map.of(), Case.class);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
