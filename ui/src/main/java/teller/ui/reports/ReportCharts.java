package teller.ui.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import teller.ui.api.ReportData;

/**
 * Which chart each report gets: balance flow deposits vs withdrawals per period, profit per game,
 * decisions per operator, daily summary flows per period, voided amounts per period. Money charts
 * show one currency (the first by code); the note says when the table holds others.
 */
final class ReportCharts {
    private ReportCharts() {
    }

    static ChartSpec of(ReportKind kind, ReportData data) {
        if (data.rows().isEmpty()) {
            return null;
        }
        String currency = chartCurrency(data);
        return switch (kind) {
            case BALANCE_FLOW -> byCategory("Deposits vs withdrawals (" + currency + ")", currency, data, "period",
                    currency, new String[] {"deposits", "withdrawals"}, new String[] {"Deposits", "Withdrawals"});
            case PROFIT_BY_GAME -> byCategory("Profit by game (" + currency + ")", currency, data, "game", currency,
                    new String[] {"profit"}, new String[] {"Profit"});
            case DAILY_SUMMARY -> byCategory("Money moved per period (" + currency + ")", currency, data, "period",
                    currency, new String[] {"deposits", "withdrawals", "gameLoads"},
                    new String[] {"Deposits", "Withdrawals", "Game loads"});
            case VOIDS -> byCategory("Voided amounts (" + currency + ")", currency, data, "period", currency,
                    new String[] {"amount"}, new String[] {"Voided"});
            case OPERATIONS -> byCategory("Decisions per operator", "Orders", data, "operator", null,
                    new String[] {"approvals", "rejections"}, new String[] {"Approvals", "Rejections"});
            case RECONCILIATION, RISK_EXPOSURE -> null;
        };
    }

    static String note(ReportKind kind, ReportData data, ChartSpec chart) {
        if (chart == null) {
            return data.rows().isEmpty() ? "Nothing to chart: the report has no rows for these days."
                    : "This report is a list; it has no chart.";
        }
        java.util.Set<String> currencies = currencies(data);
        if (kind != ReportKind.OPERATIONS && currencies.size() > 1) {
            return "The chart shows " + chartCurrency(data) + "; the table also has " + String.join(", ",
                    currencies.stream().filter(c -> !c.equals(chartCurrency(data))).toList()) + ".";
        }
        return "";
    }

    /**
     * Sums {@code columns} per value of {@code categoryColumn}, in first-seen order, over the rows
     * of {@code currency} (all rows when null).
     */
    private static ChartSpec byCategory(String title, String axis, ReportData data, String categoryColumn,
                                        String currency, String[] columns, String[] names) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Map<String, JsonNode> row : data.rows()) {
            if (currency != null && !currency.equals(text(row.get("currency")))) {
                continue;
            }
            String category = "period".equals(categoryColumn) ? ReportValues.period(row.get(categoryColumn),
                    data.granularity()) : text(row.get(categoryColumn));
            double[] values = sums.computeIfAbsent(category == null ? "" : category, c -> new double[columns.length]);
            for (int i = 0; i < columns.length; i++) {
                JsonNode value = row.get(columns[i]);
                if (value != null && value.isNumber()) {
                    values[i] += currency == null ? value.doubleValue() : ReportValues.major(value.longValue(), currency);
                }
            }
        }
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
            List<Double> values = new ArrayList<>();
            for (double[] v : sums.values()) {
                values.add(v[i]);
            }
            series.put(names[i], values);
        }
        return new ChartSpec(title, axis, new ArrayList<>(sums.keySet()), series);
    }

    private static java.util.Set<String> currencies(ReportData data) {
        java.util.Set<String> out = new TreeSet<>();
        data.rows().forEach(r -> {
            String c = text(r.get("currency"));
            if (c != null) {
                out.add(c);
            }
        });
        return out;
    }

    private static String chartCurrency(ReportData data) {
        java.util.Set<String> all = currencies(data);
        return all.isEmpty() ? null : all.iterator().next();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
