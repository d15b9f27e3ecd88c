package teller.ui.reports;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import javafx.util.StringConverter;
import javafx.util.converter.LocalDateStringConverter;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import teller.ui.common.FxmlView;
import teller.ui.common.Nodes;
import teller.ui.common.Tables;

/**
 * The reports screen's controller (ReportsView.fxml): the report, days and granularity on top, the
 * export buttons and their progress, the totals, then the chart (JFreeChart in its JavaFX viewer)
 * above the table. The table's columns, the tiles and the chart follow the view model.
 */
public final class ReportsView extends FxmlView {
    private static final double COLUMN_WIDTH_MIN = 96;
    private static final double TITLE_CHAR_WIDTH = 7.5;
    private static final double CHART_HEIGHT_MIN = 120;
    /** A text cell's characters, and the widest a text column grows to fit its longest value. */
    private static final double TEXT_CHAR_WIDTH = 7;
    private static final double TEXT_COLUMN_WIDTH_MAX = 240;
    /** The header and three rows: the chart never squeezes the table to one row (a 1024x700 window did). */
    private static final double TABLE_HEIGHT_MIN = 160;
    /** Where the chart ends: a report of people (operations) leaves its table more room to read. */
    private static final double CHART_SHARE = 0.55;
    private static final double CHART_SHARE_OPERATIONS = 0.4;

    private static final LocalDateStringConverter ISO_DAYS =
            new LocalDateStringConverter(DateTimeFormatter.ISO_LOCAL_DATE, null);

    private final ReportsViewModel viewModel;
    private final ChartViewer chartViewer = new ChartViewer(null);
    private JFreeChart shownChart;
    private ReportFooter footer;
    private ReportTiles tiles;

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
        tiles = new ReportTiles(reportTiles, reportTilesScroll);
        footer = new ReportFooter(reportTable, reportFooterClip, reportFooter);
        viewModel.tiles().addListener((ListChangeListener<Tile>) change -> tiles.show(viewModel.tiles()));
        viewModel.chartProperty().addListener((o, was, now) -> showChart(now));
        viewModel.footer().addListener((ListChangeListener<List<String>>) change -> showFooter());
        viewModel.rows().addListener((ListChangeListener<List<String>>) change -> fitColumnsToRows());
        rebuildColumns();
        tiles.show(viewModel.tiles());
        showFooter();
        showChart(viewModel.chartProperty().get());
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

    private void showFooter() {
        footer.show(viewModel.footer(), List.copyOf(viewModel.columns()));
    }

    /** For tests: the footer's lines of totals as shown. */
    public List<List<String>> footerText() {
        return footer.text();
    }

    /** Text columns as wide as their longest value (up to a bound), so a name is not cut to "…". */
    private void fitColumnsToRows() {
        List<TableColumn<List<String>, ?>> columns = reportTable.getColumns();
        List<ColumnSpec> specs = List.copyOf(viewModel.columns());
        for (int i = 0; i < columns.size() && i < specs.size(); i++) {
            int index = i;
            int longest = viewModel.rows().stream().mapToInt(r -> index < r.size() ? r.get(index).length() : 0)
                    .max().orElse(0);
            double chars = specs.get(i).numeric() ? ReportFooter.TOTAL_CHAR_WIDTH : TEXT_CHAR_WIDTH;
            double wanted = Math.min(TEXT_COLUMN_WIDTH_MAX, longest * chars + 30);
            columns.get(i).setPrefWidth(Math.max(columns.get(i).getPrefWidth(), wanted));
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
        shownChart = spec == null ? null : ReportBarChart.of(spec);
        // The viewer refuses a null chart: without one it is hidden (see load) and keeps the last.
        if (shownChart != null) {
            chartViewer.setChart(shownChart);
        }
    }

    /** For tests: the chart on show, or null. */
    public JFreeChart chart() {
        return shownChart;
    }

    public Region table() {
        return reportTable;
    }
}
