package teller.ui.reports;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
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

/**
 * The reports screen, built in code: the report, days and granularity on top, the export buttons
 * and their progress, the totals, then the chart (JFreeChart in its JavaFX viewer) above the table.
 */
public final class ReportsView {
    /** Beyond this many categories the axis labels turn to fit under their bars. */
    private static final int UPRIGHT_LABELS_MAX = 8;
    private static final double COLUMN_WIDTH_MIN = 96;
    private static final double TITLE_CHAR_WIDTH = 7.5;
    private static final Color[] SERIES_COLOURS = {
        new Color(0x1f, 0x6f, 0xeb), new Color(0xb4, 0x53, 0x09), new Color(0x7c, 0x3a, 0xed), new Color(0x15, 0x73, 0x47)};
    private static final Color GRID = new Color(0xdd, 0xe2, 0xea);
    private static final Color TEXT = new Color(0x1d, 0x27, 0x35);

    private static final javafx.util.converter.LocalDateStringConverter ISO_DAYS =
            new javafx.util.converter.LocalDateStringConverter(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE, null);

    private final ReportsViewModel viewModel;
    private final TableView<List<String>> table = new TableView<>();
    private final FlowPane tiles = new FlowPane(10, 10);
    private final ChartViewer chartViewer = new ChartViewer(null);
    private final Label chartNote = new Label();
    private JFreeChart shownChart;
    private Parent root;

    public ReportsView(ReportsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public Parent load() {
        if (root != null) {
            return root;
        }
        BorderPane pane = new BorderPane();
        pane.getStyleClass().add("reports-root");
        VBox top = new VBox(10, filterBar(), exportBar(), messages(), tiles);
        tiles.setId("reportTiles");
        tiles.getStyleClass().add("report-tiles");
        pane.setTop(top);

        chartViewer.setId("reportChart");
        chartViewer.setMinHeight(200);
        chartNote.setId("chartNote");
        chartNote.getStyleClass().add("muted");
        chartNote.visibleProperty().bind(chartNote.textProperty().isNotEmpty());
        chartNote.managedProperty().bind(chartNote.visibleProperty());
        StackPane chartBox = new StackPane(chartViewer);
        chartBox.getStyleClass().add("card");
        VBox chartArea = new VBox(6, chartNote, chartBox);
        VBox.setVgrow(chartBox, Priority.ALWAYS);

        table.setId("reportTable");
        table.setPlaceholder(new Label("No rows for these days."));
        // Columns come and go with the report: each is sized to its title (a constrained policy gave
        // the first column of a rebuilt table all the width).
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        SplitPane split = new SplitPane(chartArea, table);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        split.getStyleClass().add("reports-split");
        BorderPane.setMargin(split, new javafx.geometry.Insets(10, 0, 0, 0));
        pane.setCenter(split);

        viewModel.columns().addListener((ListChangeListener<ColumnSpec>) change -> rebuildColumns());
        table.setItems(viewModel.rows());
        viewModel.tiles().addListener((ListChangeListener<Tile>) change -> rebuildTiles());
        viewModel.chartProperty().addListener((o, was, now) -> showChart(now));
        chartNote.textProperty().bind(viewModel.chartNoteProperty());
        chartBox.visibleProperty().bind(viewModel.chartProperty().isNotNull());
        chartBox.managedProperty().bind(chartBox.visibleProperty());
        rebuildColumns();
        rebuildTiles();
        showChart(viewModel.chartProperty().get());
        root = pane;
        return root;
    }

    private javafx.scene.layout.FlowPane filterBar() {
        ComboBox<ReportKind> report = new ComboBox<>();
        report.setId("reportPicker");
        report.getItems().setAll(ReportKind.values());
        report.valueProperty().bindBidirectional(viewModel.reportProperty());

        DatePicker from = new DatePicker();
        from.setId("fromDate");
        from.valueProperty().bindBidirectional(viewModel.fromProperty());
        from.setPrefWidth(140);
        // ISO days, as the table's periods and the API read them, whatever the desktop's locale; a typed
        // text that is no day is named as an error by the view model (it threw on the FX thread before).
        from.setConverter(typedDays(viewModel::typedFrom));
        DatePicker to = new DatePicker();
        to.setId("toDate");
        to.valueProperty().bindBidirectional(viewModel.toProperty());
        to.setPrefWidth(140);
        to.setConverter(typedDays(viewModel::typedTo));

        ComboBox<Granularity> granularity = new ComboBox<>();
        granularity.setId("granularityPicker");
        granularity.getItems().setAll(Granularity.values());
        granularity.valueProperty().bindBidirectional(viewModel.granularityProperty());
        granularity.disableProperty().bind(viewModel.granularityAppliesProperty().not());

        Button refresh = new Button("Refresh");
        refresh.setId("refreshReport");
        refresh.setOnAction(e -> viewModel.load());
        refresh.disableProperty().bind(viewModel.loadingProperty());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.getStyleClass().add("small-progress");
        spinner.visibleProperty().bind(viewModel.loadingProperty());

        // Wraps in a narrow window rather than squeezing its captions to "…" (issue 16).
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(10, 8, caption("Report"), report,
                caption("From"), from, caption("To"), to, caption("Group by"), granularity, refresh, spinner);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("toolbar");
        return bar;
    }

    private static javafx.util.StringConverter<java.time.LocalDate> typedDays(
            java.util.function.Function<String, java.time.LocalDate> typed) {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(java.time.LocalDate day) {
                return ISO_DAYS.toString(day);
            }

            @Override
            public java.time.LocalDate fromString(String text) {
                return typed.apply(text);
            }
        };
    }

    private HBox exportBar() {
        HBox buttons = new HBox(6);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.getChildren().add(caption("Export"));
        for (ExportFormat format : ExportFormat.values()) {
            Button button = new Button(format.name());
            button.setId("export" + format.name().charAt(0) + format.name().substring(1).toLowerCase(java.util.Locale.ROOT));
            button.setOnAction(e -> viewModel.export(format));
            button.disableProperty().bind(viewModel.exportingProperty());
            buttons.getChildren().add(button);
        }
        ProgressBar progress = new ProgressBar();
        progress.setId("exportProgress");
        progress.setPrefWidth(180);
        progress.progressProperty().bind(viewModel.exportProgressProperty());
        Label bytes = new Label();
        bytes.setId("exportBytes");
        bytes.textProperty().bind(Bindings.createStringBinding(
                () -> ReportExport.sizeText(viewModel.exportBytesProperty().get()) + " received",
                viewModel.exportBytesProperty()));
        Button cancel = new Button("Cancel");
        cancel.setId("cancelExport");
        cancel.setOnAction(e -> viewModel.cancelExport());
        HBox running = new HBox(8, progress, bytes, cancel);
        running.setAlignment(Pos.CENTER_LEFT);
        running.visibleProperty().bind(viewModel.exportingProperty());
        running.managedProperty().bind(running.visibleProperty());

        Label status = new Label();
        status.setId("exportStatus");
        status.textProperty().bind(viewModel.exportStatusProperty());
        status.setWrapText(true);
        status.getStyleClass().add("export-status");
        viewModel.exportFailedProperty().addListener((o, was, failed) -> toggleClass(status, "error-text", failed));
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox bar = new HBox(12, buttons, running, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private VBox messages() {
        Label range = new Label();
        range.setId("rangeError");
        range.textProperty().bind(viewModel.rangeErrorProperty());
        range.getStyleClass().addAll("banner", "banner-error");
        range.visibleProperty().bind(range.textProperty().isNotEmpty());
        range.managedProperty().bind(range.visibleProperty());
        Label error = new Label();
        error.setId("reportError");
        error.setWrapText(true);
        error.textProperty().bind(viewModel.errorProperty());
        error.getStyleClass().addAll("banner", "banner-error");
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        VBox box = new VBox(6, range, error);
        box.managedProperty().bind(range.visibleProperty().or(error.visibleProperty()));
        return box;
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("muted");
        return label;
    }

    private static void toggleClass(javafx.scene.Node node, String styleClass, boolean on) {
        node.getStyleClass().remove(styleClass);
        if (on) {
            node.getStyleClass().add(styleClass);
        }
    }

    private void rebuildColumns() {
        List<TableColumn<List<String>, ?>> built = new java.util.ArrayList<>();
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
            column.setSortable(false);
            // As wide as the title's longest word: a long title wraps in its header (issue 16), so
            // balance flow fits a 1280 px window without scrolling sideways.
            int longestWord = java.util.Arrays.stream(spec.title().split(" ")).mapToInt(String::length).max().orElse(0);
            column.setPrefWidth(Math.max(COLUMN_WIDTH_MIN, longestWord * TITLE_CHAR_WIDTH + 28));
            built.add(column);
        }
        table.getColumns().setAll(built);
    }

    private void rebuildTiles() {
        tiles.getChildren().clear();
        for (Tile tile : viewModel.tiles()) {
            Label label = new Label(tile.label());
            label.getStyleClass().add("tile-label");
            Label value = new Label(tile.value());
            value.setId(tile.id());
            value.getStyleClass().add("tile-value");
            VBox box = new VBox(2, label, value);
            box.getStyleClass().add("report-tile");
            tiles.getChildren().add(box);
        }
    }

    private void showChart(ChartSpec spec) {
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
        return table;
    }
}
