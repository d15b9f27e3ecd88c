package teller.ui.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A report as {@code GET /api/v1/reports/{name}} returns it: named columns, rows keyed by column,
 * and summary figures. Values stay JSON nodes: amounts are integers of minor units, rates decimals.
 */
public record ReportData(String name, String from, String to, String granularity, String generatedAt,
                         List<String> columns, List<Map<String, JsonNode>> rows, Map<String, JsonNode> summary) {
    public ReportData {
        columns = columns == null ? List.of() : List.copyOf(columns);
        rows = rows == null ? List.of() : List.copyOf(rows);
        summary = summary == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(summary));
    }
}
