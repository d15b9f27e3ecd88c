package teller.ui.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import teller.ui.api.ReportData;

/**
 * The totals under a report's table (issue 16), one line per currency, a cell per column; the
 * view model's part that needs no FX thread. {@link ReportFooter} shows the lines.
 */
final class ReportTotals {
    private ReportTotals() {
    }

    /**
     * Per currency (one line each, by code), the money columns and the counts summed over the rows,
     * "Total" in the first column and the currency in its own; other columns (rates, ages, names)
     * stay empty, as a sum of them means nothing. Only for reports grouped by period, whose rows add
     * up; none otherwise.
     */
    static List<List<String>> of(ReportKind kind, ReportData result) {
        List<String> columns = result.columns();
        if (!kind.periodic() || result.rows().isEmpty() || columns.isEmpty()) {
            return List.of();
        }
        Map<String, List<Map<String, JsonNode>>> byCurrency = new TreeMap<>();
        for (Map<String, JsonNode> row : result.rows()) {
            String currency = currencyOf(row);
            byCurrency.computeIfAbsent(currency == null ? "" : currency, c -> new ArrayList<>()).add(row);
        }
        List<List<String>> lines = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, JsonNode>>> group : byCurrency.entrySet()) {
            String currency = group.getKey().isEmpty() ? null : group.getKey();
            List<String> line = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                String column = columns.get(i);
                if (i == 0) {
                    line.add("Total");
                } else if ("currency".equals(column)) {
                    line.add(currency == null ? "" : currency);
                } else if (kind.isMoney(column) || column.toLowerCase(Locale.ROOT).endsWith("count")) {
                    line.add(ReportValues.format(kind, column, LongNode.valueOf(sum(group.getValue(), column)), currency));
                } else {
                    line.add("");
                }
            }
            lines.add(line);
        }
        return lines;
    }

    private static long sum(List<Map<String, JsonNode>> rows, String column) {
        long sum = 0;
        for (Map<String, JsonNode> row : rows) {
            JsonNode value = row.get(column);
            if (value != null && value.isIntegralNumber()) {
                sum = Math.addExact(sum, value.longValue());
            }
        }
        return sum;
    }

    /** The row's currency code, or null for a row without one. */
    static String currencyOf(Map<String, JsonNode> row) {
        JsonNode currency = row.get("currency");
        return currency == null || currency.isNull() ? null : currency.asText();
    }
}
