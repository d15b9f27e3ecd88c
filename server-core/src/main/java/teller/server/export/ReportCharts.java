package teller.server.export;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import teller.server.reports.Report;

/**
 * The charts of a report, drawn with JFreeChart to images for the PDF: balance flow per period,
 * profit by game, and decisions per operator. Reports without a natural chart (voids,
 * daily-summary, reconciliation) have none. Chart values are plotted in major units as doubles;
 * that is drawing only, every figure printed in the file comes from long arithmetic.
 */
final class ReportCharts {
    /** One chart per currency, for at most this many currencies (the table holds the rest). */
    static final int CURRENCIES_MAX = 3;
    /** Categories (games, operators) per chart; the largest by size are kept. */
    static final int CATEGORIES_MAX = 20;
    /** Periods per balance-flow chart: the most recent ones. */
    static final int PERIODS_MAX = 62;

    static {
        // JFreeChart draws with AWT; a server has no display, and must never try to open one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    record Chart(String title, JFreeChart chart) {
        BufferedImage image(int width, int height, int scale) {
            return chart.createBufferedImage(width * scale, height * scale, width, height, null);
        }
    }

    private ReportCharts() {
    }

    static List<Chart> of(Report report) {
        return switch (report.name()) {
            case "balance-flow" -> balanceFlow(report);
            case "profit-by-game" -> profitByGame(report);
            case "operations" -> operations(report);
            default -> List.of();
        };
    }

    private static List<Chart> balanceFlow(Report report) {
        List<Chart> charts = new ArrayList<>();
        for (var byCurrency : groupByCurrency(report).entrySet()) {
            String currency = byCurrency.getKey();
            List<List<Object>> rows = byCurrency.getValue();
            rows = rows.subList(Math.max(0, rows.size() - PERIODS_MAX), rows.size());
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (List<Object> row : rows) {
                String period = String.valueOf(value(report, row, "period"));
                data.addValue(major(value(report, row, "deposits"), currency), "deposits", period);
                data.addValue(major(value(report, row, "withdrawals"), currency), "withdrawals", period);
                data.addValue(major(value(report, row, "netFlow"), currency), "net flow", period);
            }
            JFreeChart chart = ChartFactory.createBarChart("Balance flow per " + report.granularity().name().toLowerCase(
                    java.util.Locale.ROOT) + " (" + currency + ")", "period", currency, data, PlotOrientation.VERTICAL,
                    true, false, false);
            style(chart, rows.size() > 12);
            charts.add(new Chart(chart.getTitle().getText(), chart));
        }
        return charts;
    }

    private static List<Chart> profitByGame(Report report) {
        List<Chart> charts = new ArrayList<>();
        for (var byCurrency : groupByCurrency(report).entrySet()) {
            String currency = byCurrency.getKey();
            Map<String, Long> profit = new TreeMap<>();
            for (List<Object> row : byCurrency.getValue()) {
                profit.merge(String.valueOf(value(report, row, "game")), (Long) value(report, row, "profit"), Math::addExact);
            }
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            profit.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, Long> e) -> Math.abs(e.getValue())).reversed())
                    .limit(CATEGORIES_MAX)
                    .forEach(e -> data.addValue(major(e.getValue(), currency), "profit", e.getKey()));
            JFreeChart chart = ChartFactory.createBarChart("Profit by game (" + currency + ")", "game", currency, data,
                    PlotOrientation.VERTICAL, false, false, false);
            style(chart, profit.size() > 8);
            charts.add(new Chart(chart.getTitle().getText(), chart));
        }
        return charts;
    }

    private static List<Chart> operations(Report report) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        report.rows().stream()
                .sorted(Comparator.comparingLong((List<Object> r) -> (Long) value(report, r, "decisions")).reversed())
                .limit(CATEGORIES_MAX)
                .forEach(row -> {
                    String operator = String.valueOf(value(report, row, "operator"));
                    for (String series : List.of("approvals", "rejections", "retries", "voids")) {
                        data.addValue((Long) value(report, row, series), series, operator);
                    }
                });
        JFreeChart chart = ChartFactory.createBarChart("Decisions per operator", "operator", "orders", data,
                PlotOrientation.VERTICAL, true, false, false);
        style(chart, report.rows().size() > 8);
        return List.of(new Chart(chart.getTitle().getText(), chart));
    }

    private static Map<String, List<List<Object>>> groupByCurrency(Report report) {
        Map<String, List<List<Object>>> grouped = new LinkedHashMap<>();
        int currency = report.columns().indexOf("currency");
        for (List<Object> row : report.rows()) {
            String key = String.valueOf(row.get(currency));
            if (grouped.size() < CURRENCIES_MAX || grouped.containsKey(key)) {
                grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
            }
        }
        return grouped;
    }

    private static Object value(Report report, List<Object> row, String column) {
        int index = report.columns().indexOf(column);
        if (index < 0) {
            throw new IllegalStateException("report " + report.name() + " has no column " + column);
        }
        return row.get(index);
    }

    /** Minor units to major units, for plotting only. */
    private static double major(Object minorUnits, String currency) {
        return BigDecimal.valueOf((Long) minorUnits).movePointLeft(MoneyText.fractionDigits(currency)).doubleValue();
    }

    private static void style(JFreeChart chart, boolean slantedLabels) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (slantedLabels) {
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
    }
}
