package teller.server.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report as a table: named columns, rows of values (String, Long or a BigDecimal rate) in
 * column order, and summary figures. Every format (JSON, CSV, XLSX) is written from this one shape,
 * so an export always shows the figures the API shows.
 */
public record Report(String name, LocalDate from, LocalDate to, Granularity granularity, Instant generatedAt,
                     List<String> columns, List<List<Object>> rows, Map<String, Object> summary) {
    public Report {
        columns = List.copyOf(columns);
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalStateException("report " + name + ": a row has " + row.size() + " values for "
                        + columns.size() + " columns");
            }
        }
        rows = List.copyOf(rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r)))
                .toList());
        summary = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(summary));
    }

    /** The rows as column-name maps, in column order. */
    public List<Map<String, Object>> rowMaps() {
        return rows.stream().map(row -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                m.put(columns.get(i), row.get(i));
            }
            return m;
        }).toList();
    }
}
