package teller.ui.reports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report's chart shows, independent of the charting library: categories along the axis and
 * one bar per series in each. Values are for drawing only (money in major units, so the axis reads
 * like the table); every figure an operator reads exactly is in the table and the totals.
 */
public record ChartSpec(String title, String valueAxisLabel, List<String> categories, Map<String, List<Double>> series) {
    public ChartSpec {
        categories = List.copyOf(categories);
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            if (e.getValue().size() != categories.size()) {
                throw new IllegalArgumentException("series " + e.getKey() + " has " + e.getValue().size()
                        + " values for " + categories.size() + " categories");
            }
            copy.put(e.getKey(), List.copyOf(e.getValue()));
        }
        series = java.util.Collections.unmodifiableMap(copy);
    }
}
