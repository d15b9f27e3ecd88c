package teller.ui.reports;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** Draws a report's {@link ChartSpec} as the reports screen shows it. */
final class ReportBarChart {
    /** Beyond this many categories the axis labels turn to fit under their bars. */
    private static final int UPRIGHT_LABELS_MAX = 8;
    private static final Color[] SERIES_COLOURS = {
        new Color(0x1f, 0x6f, 0xeb), new Color(0xb4, 0x53, 0x09), new Color(0x7c, 0x3a, 0xed), new Color(0x15, 0x73, 0x47)};
    private static final Color GRID = new Color(0xdd, 0xe2, 0xea);
    private static final Color TEXT = new Color(0x1d, 0x27, 0x35);

    private ReportBarChart() {
    }

    /** The JFreeChart of {@code spec}: flat bars in the console's colours on a white plot. */
    static JFreeChart of(ChartSpec spec) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (Map.Entry<String, List<Double>> series : spec.series().entrySet()) {
            for (int i = 0; i < spec.categories().size(); i++) {
                dataset.addValue(series.getValue().get(i), series.getKey(), spec.categories().get(i));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(spec.title(), null, spec.valueAxisLabel(), dataset,
                PlotOrientation.VERTICAL, spec.series().size() > 1, true, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        chart.getTitle().setPaint(TEXT);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(GRID);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        renderer.setMaximumBarWidth(0.08);
        for (int i = 0; i < spec.series().size(); i++) {
            renderer.setSeriesPaint(i, SERIES_COLOURS[i % SERIES_COLOURS.length]);
        }
        CategoryAxis axis = plot.getDomainAxis();
        if (spec.categories().size() > UPRIGHT_LABELS_MAX) {
            axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        return chart;
    }
}
