package teller.ui.reports;

import java.awt.Color;
import java.awt.Font;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.util.StringConverter;
import javafx.util.converter.LocalDateStringConverter;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import teller.ui.common.FxmlView;
import teller.ui.common.Nodes;
import teller.ui.common.Tables;

/**
 * The reports screen's controller (ReportsView.fxml): the report, days and granularity on top, the
 * export buttons and their progress, the totals, then the chart (JFreeChart in its JavaFX viewer)
 * above the table. The table's columns, the tiles and the chart follow the view model.
 */
public final class ReportsView extends FxmlView {
    /** Beyond this many categories the axis labels turn to fit under their bars. */
    private static final int UPRIGHT_LABELS_MAX = 8;
    private static final double COLUMN_WIDTH_MIN = 96;
    private static final double TITLE_CHAR_WIDTH = 7.5;
    private static final double CHART_HEIGHT_MIN = 120;
    /** A text cell's characters, and the widest a text column grows to fit its longest value. */
    private static final double TEXT_CHAR_WIDTH = 7;
    private static final double TEXT_COLUMN_WIDTH_MAX = 240;
    /** Beyond this many figures the tiles are drawn small; beyond two rows of them they scroll. */
    private static final int TILES_FULL_SIZE_MAX = 6;
    private static final double TILES_HEIGHT_MAX = 140;
    /** The header and three rows: the chart never squeezes the table to one row (a 1024x700 window did). */
    private static final double TABLE_HEIGHT_MIN = 160;
    /** A total's digits in the table's monospaced amount font. */
    private static final double TOTAL_CHAR_WIDTH = 8;
    /** Where the chart ends: a report of people (operations) leaves its table more room to read. */
    private static final double CHART_SHARE = 0.55;
    private static final double CHART_SHARE_OPERATIONS = 0.4;
    private static final Color[] SERIES_COLOURS = {
        new Color(0x1f, 0x6f, 0xeb), new Color(0xb4, 0x53, 0x09), new Color(0x7c, 0x3a, 0xed), new Color(0x15, 0x73, 0x47)};
    private static final Color GRID = new Color(0xdd, 0xe2, 0xea);
    private static final Color TEXT = new Color(0x1d, 0x27, 0x35);

    private static final LocalDateStringConverter ISO_DAYS =
            new LocalDateStringConverter(DateTimeFormatter.ISO_LOCAL_DATE, null);

    private final ReportsViewModel viewModel;
    private final ChartViewer chartViewer = new ChartViewer(null);
    private JFreeChart shownChart;

    @FXML private ComboBox<ReportKind> reportPicker;
    @FXML private DatePicker fromDate;
    @FXML private DatePicker toDate;
    @FXML private ComboBox<Granularity> granularityPicker;
    @FXML private Button refreshReport;
    @FXML private ProgressIndicator spinner;
    @FXML private HBox exportButtons;
    @FXML private HBox exportRunning;
    @FXML private ProgressBar exportProgress;
    @FXML private Label exportBytes;
    @FXML private Label exportStatus;
    @FXML private VBox messages;
    @FXML private Label rangeError;
    @FXML private Label reportError;
    @FXML private FlowPane reportTiles;
    @FXML private javafx.scene.control.ScrollPane reportTilesScroll;
    @FXML private Label chartNote;
    @FXML private StackPane chartBox;
    @FXML private TableView<List<String>> reportTable;
    @FXML private SplitPane reportSplit;
    @FXML private VBox chartPane;
    @FXML private Pane reportFooterClip;
    @FXML private VBox reportFooter;

    public ReportsView(ReportsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        reportPicker.getItems().setAll(ReportKind.values());
        reportPicker.valueProperty().bindBidirectional(viewModel.reportProperty());
        fromDate.valueProperty().bindBidirectional(viewModel.fromProperty());
        // ISO days, as the table's periods and the API read them, whatever the desktop's locale; a typed
        // text that is no day is named as an error by the view model (it threw on the FX thread before).
        fromDate.setConverter(typedDays(viewModel::typedFrom));
        toDate.valueProperty().bindBidirectional(viewModel.toProperty());
        toDate.setConverter(typedDays(viewModel::typedTo));
        granularityPicker.getItems().setAll(Granularity.values());
        granularityPicker.valueProperty().bindBidirectional(viewModel.granularityProperty());
        granularityPicker.disableProperty().bind(viewModel.granularityAppliesProperty().not());
        refreshReport.disableProperty().bind(viewModel.loadingProperty());
        spinner.visibleProperty().bind(viewModel.loadingProperty());

        for (ExportFormat format : ExportFormat.values()) {
            Button button = new Button(format.name());
            button.setId("export" + format.name().charAt(0) + format.name().substring(1).toLowerCase(Locale.ROOT));
            button.setOnAction(e -> viewModel.export(format));
            button.disableProperty().bind(viewModel.exportingProperty());
            exportButtons.getChildren().add(button);
        }
        exportProgress.progressProperty().bind(viewModel.exportProgressProperty());
        exportBytes.textProperty().bind(Bindings.createStringBinding(
                () -> ReportExport.sizeText(viewModel.exportBytesProperty().get()) + " received",
                viewModel.exportBytesProperty()));
        exportRunning.visibleProperty().bind(viewModel.exportingProperty());
        exportRunning.managedProperty().bind(exportRunning.visibleProperty());
        exportStatus.textProperty().bind(viewModel.exportStatusProperty());
        viewModel.exportFailedProperty().addListener((o, was, failed) -> toggleClass(exportStatus, "error-text", failed));

        Nodes.showText(rangeError, viewModel.rangeErrorProperty());
        Nodes.showText(reportError, viewModel.errorProperty());
        messages.managedProperty().bind(rangeError.visibleProperty().or(reportError.visibleProperty()));

        chartViewer.setId("reportChart");
        chartViewer.setMinHeight(CHART_HEIGHT_MIN);
        chartBox.getChildren().add(chartViewer);
        Nodes.showText(chartNote, viewModel.chartNoteProperty());
        chartBox.visibleProperty().bind(viewModel.chartProperty().isNotNull());
        chartBox.managedProperty().bind(chartBox.visibleProperty());

        Tables.placeholder(reportTable, "No rows for these days.");
        reportTable.setMinHeight(TABLE_HEIGHT_MIN);
        // Columns come and go with the report: each is sized to its title (a constrained policy gave
        // the first column of a rebuilt table all the width).
        reportTable.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        viewModel.columns().addListener((ListChangeListener<ColumnSpec>) change -> rebuildColumns());
        reportTable.setItems(viewModel.rows());
        viewModel.tiles().addListener((ListChangeListener<Tile>) change -> rebuildTiles());
        viewModel.chartProperty().addListener((o, was, now) -> showChart(now));
        viewModel.footer().addListener((ListChangeListener<List<String>>) change -> rebuildFooter());
        viewModel.rows().addListener((ListChangeListener<List<String>>) change -> fitColumnsToRows());
        // A report of many figures (operations has 16) keeps its table in view: the tiles scroll past two rows.
        reportTilesScroll.setMaxHeight(TILES_HEIGHT_MAX);
        // The footer is cut to the table's width and follows its sideways scrolling, column under column.
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(reportFooterClip.widthProperty());
        clip.heightProperty().bind(reportFooterClip.heightProperty());
        reportFooterClip.setClip(clip);
        reportFooterClip.prefHeightProperty().bind(reportFooter.heightProperty());
        reportFooterClip.minHeightProperty().bind(reportFooter.heightProperty());
        reportTable.skinProperty().addListener((o, was, skin) -> followSidewaysScrolling());
        rebuildColumns();
        rebuildTiles();
        rebuildFooter();
        showChart(viewModel.chartProperty().get());
    }

    private void followSidewaysScrolling() {
        for (Node node : reportTable.lookupAll(".scroll-bar")) {
            if (node instanceof ScrollBar bar && bar.getOrientation() == javafx.geometry.Orientation.HORIZONTAL) {
                reportFooter.translateXProperty().bind(bar.valueProperty().negate());
                return;
            }
        }
    }

    @Override
    public void activate() {
        viewModel.activate();
    }

    @Override
    public void deactivate() {
        viewModel.deactivate();
    }

    @FXML
    private void refresh() {
        viewModel.load();
    }

    @FXML
    private void cancelExport() {
        viewModel.cancelExport();
    }

    private static StringConverter<LocalDate> typedDays(Function<String, LocalDate> typed) {
        return new StringConverter<>() {
            @Override
            public String toString(LocalDate day) {
                return ISO_DAYS.toString(day);
            }

            @Override
            public LocalDate fromString(String text) {
                return typed.apply(text);
            }
        };
    }

    private static void toggleClass(Node node, String styleClass, boolean on) {
        node.getStyleClass().remove(styleClass);
        if (on) {
            node.getStyleClass().add(styleClass);
        }
    }

    private void rebuildColumns() {
        List<TableColumn<List<String>, ?>> built = new ArrayList<>();
        List<ColumnSpec> specs = List.copyOf(viewModel.columns());
        for (int i = 0; i < specs.size(); i++) {
            int index = i;
            ColumnSpec spec = specs.get(i);
            TableColumn<List<String>, String> column = new TableColumn<>(spec.title());
            column.setId("col-" + spec.key());
            column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(
                    index < cell.getValue().size() ? cell.getValue().get(index) : ""));
            if (spec.numeric()) {
                column.getStyleClass().add("amount-column");
            }
            column.setCellFactory(c -> new CodeCell());
            column.setSortable(false);
            // As wide as the title's longest word: a long title wraps in its header (issue 16), so
            // balance flow fits a 1280 px window without scrolling sideways.
            int longestWord = java.util.Arrays.stream(spec.title().split(" ")).mapToInt(String::length).max().orElse(0);
            column.setPrefWidth(Math.max(COLUMN_WIDTH_MIN, longestWord * TITLE_CHAR_WIDTH + 28));
            built.add(column);
        }
        reportTable.getColumns().setAll(built);
    }

    /** A report cell: a server code (a fraud level, a rule) reads as its label, with its meaning as tooltip. */
    private static final class CodeCell extends TableCell<List<String>, String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            teller.ui.common.Tables.showCode(this, empty ? null : item);
        }
    }

    /**
     * The totals under the table, one line per currency, each cell as wide as its column (bound, so
     * a resized column moves its total with it); a column is widened to show its total whole.
     */
    private void rebuildFooter() {
        reportFooter.getChildren().clear();
        List<TableColumn<List<String>, ?>> columns = reportTable.getColumns();
        List<ColumnSpec> specs = List.copyOf(viewModel.columns());
        for (List<String> line : viewModel.footer()) {
            HBox row = new HBox();
            row.getStyleClass().add("report-footer-row");
            for (int i = 0; i < columns.size() && i < line.size(); i++) {
                TableColumn<List<String>, ?> column = columns.get(i);
                boolean numeric = i < specs.size() && specs.get(i).numeric();
                String text = line.get(i);
                column.setPrefWidth(Math.max(column.getPrefWidth(), text.length() * TOTAL_CHAR_WIDTH + 30));
                Label cell = new Label(text);
                // total-deposits for the first currency's line, total-deposits-EUR for the next ones.
                String key = i < specs.size() ? specs.get(i).key() : String.valueOf(i);
                cell.setId("total-" + key + (reportFooter.getChildren().isEmpty() ? "" : "-" + line.get(currencyColumn(specs))));
                cell.getStyleClass().add("report-footer-cell");
                if (numeric) {
                    cell.getStyleClass().add("amount-column");
                }
                cell.minWidthProperty().bind(column.widthProperty());
                cell.prefWidthProperty().bind(column.widthProperty());
                cell.maxWidthProperty().bind(column.widthProperty());
                row.getChildren().add(cell);
            }
            reportFooter.getChildren().add(row);
        }
        reportFooterClip.setVisible(!viewModel.footer().isEmpty());
        reportFooterClip.setManaged(!viewModel.footer().isEmpty());
    }

    private static int currencyColumn(List<ColumnSpec> specs) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).key().equals("currency")) {
                return i;
            }
        }
        return 0;
    }

    /** For tests: the footer's lines of totals as shown. */
    public List<List<String>> footerText() {
        List<List<String>> lines = new ArrayList<>();
        for (Node row : reportFooter.getChildren()) {
            lines.add(((HBox) row).getChildren().stream().map(n -> ((Label) n).getText()).toList());
        }
        return lines;
    }

    /** Text columns as wide as their longest value (up to a bound), so a name is not cut to "…". */
    private void fitColumnsToRows() {
        List<TableColumn<List<String>, ?>> columns = reportTable.getColumns();
        List<ColumnSpec> specs = List.copyOf(viewModel.columns());
        for (int i = 0; i < columns.size() && i < specs.size(); i++) {
            int index = i;
            int longest = viewModel.rows().stream().mapToInt(r -> index < r.size() ? r.get(index).length() : 0)
                    .max().orElse(0);
            double chars = specs.get(i).numeric() ? TOTAL_CHAR_WIDTH : TEXT_CHAR_WIDTH;
            double wanted = Math.min(TEXT_COLUMN_WIDTH_MAX, longest * chars + 30);
            columns.get(i).setPrefWidth(Math.max(columns.get(i).getPrefWidth(), wanted));
        }
    }

    private void rebuildTiles() {
        reportTiles.getChildren().clear();
        toggleClass(reportTiles, "compact", viewModel.tiles().size() > TILES_FULL_SIZE_MAX);
        // No figures, no empty band above the chart.
        reportTilesScroll.setVisible(!viewModel.tiles().isEmpty());
        reportTilesScroll.setManaged(!viewModel.tiles().isEmpty());
        for (Tile tile : viewModel.tiles()) {
            Label label = new Label(tile.label());
            label.getStyleClass().add("tile-label");
            Label value = new Label(tile.value());
            value.setId(tile.id());
            value.getStyleClass().add("tile-value");
            VBox box = new VBox(2, label, value);
            box.getStyleClass().add("report-tile");
            reportTiles.getChildren().add(box);
        }
    }

    private void showChart(ChartSpec spec) {
        // A report without a chart (risk exposure, reconciliation) gives its table the whole split.
        boolean charted = spec != null;
        if (!charted) {
            reportSplit.getItems().remove(chartPane);
        } else if (!reportSplit.getItems().contains(chartPane)) {
            reportSplit.getItems().add(0, chartPane);
        }
        if (charted) {
            reportSplit.setDividerPositions(viewModel.reportProperty().get() == ReportKind.OPERATIONS
                    ? CHART_SHARE_OPERATIONS : CHART_SHARE);
        }
        shownChart = spec == null ? null : chart(spec);
        // The viewer refuses a null chart: without one it is hidden (see load) and keeps the last.
        if (shownChart != null) {
            chartViewer.setChart(shownChart);
        }
    }

    /** The JFreeChart of {@code spec}: flat bars in the console's colours on a white plot. */
    static JFreeChart chart(ChartSpec spec) {
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

    /** For tests: the chart on show, or null. */
    public JFreeChart chart() {
        return shownChart;
    }

    public Region table() {
        return reportTable;
    }
}
