package teller.ui.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A fraud flag as {@code GET /api/v1/fraud/flags} and {@code GET /api/v1/orders/{id}} return it,
 * with its player's score and level as they stand now.
 */
public record FraudFlagView(String id, String playerId, String orderId, String rule, int points, JsonNode evidence,
                            String status, String resolution, String note, String resolvedBy, Instant resolvedAt,
                            Instant createdAt, int playerScore, String playerLevel, String resolvedByUsername) {

    public boolean open() {
        return "OPEN".equals(status);
    }

    /** The evidence as readable "name: value" lines, e.g. "otherOrderIds: 4, 9". */
    public List<String> evidenceLines() {
        List<String> lines = new ArrayList<>();
        if (evidence == null || !evidence.isObject()) {
            return lines;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = evidence.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            lines.add(field.getKey() + ": " + text(field.getValue()));
        }
        return lines;
    }

    private static String text(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(text(item)));
            return String.join(", ", items);
        }
        if (value.isObject()) {
            List<String> parts = new ArrayList<>();
            value.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + text(e.getValue())));
            return "(" + String.join(", ", parts) + ")";
        }
        return value.asText();
    }
}
