package teller.ui.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import teller.ui.api.ApiException;
import teller.ui.api.ReportData;
import teller.ui.api.ReportsApi;
import teller.ui.common.ErrorText;
import teller.ui.common.UiExecutors;

/**
 * The reports screen: which report over which days (validated: from on or before to, at most
 * {@link #RANGE_DAYS_MAX} days), grouped how; the rows as table cells, totals, a chart; and the
 * export of the same report to a file with progress and cancel. Changing the report, the days or
 * the granularity reloads while the screen is active; answers to superseded requests are dropped.
 */
public final class ReportsViewModel {
    /** The range shown first: the last 30 days, today included. */
    public static final int DEFAULT_RANGE_DAYS = 30;
    /** The server's bound on one report's range (ReportService.RANGE_DAYS_MAX); refused here first. */
    public static final int RANGE_DAYS_MAX = 3_660;

    private final ReportsApi api;
    private final UiExecutors executors;

    private final ObjectProperty<ReportKind> report = new SimpleObjectProperty<>(ReportKind.BALANCE_FLOW);
    private final ReportRange range;
    private final ObjectProperty<Granularity> granularity = new SimpleObjectProperty<>(Granularity.DAY);
    private final ReadOnlyBooleanWrapper granularityApplies = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ReportData> data = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ColumnSpec> columns = FXCollections.observableArrayList();
    private final ObservableList<List<String>> rows = FXCollections.observableArrayList();
    private final ObservableList<Tile> tiles = FXCollections.observableArrayList();
    private final ObservableList<List<String>> footer = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ChartSpec> chart = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper chartNote = new ReadOnlyStringWrapper("");
    private final ReportExport exports;

    private boolean active;
    private long generation;
    private int loads;

    public ReportsViewModel(ReportsApi api, UiExecutors executors, ExportFilePicker picker, Clock clock) {
        this.api = Objects.requireNonNull(api);
        this.executors = Objects.requireNonNull(executors);
        this.exports = new ReportExport(api, executors, Objects.requireNonNull(picker));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        this.range = new ReportRange(today, DEFAULT_RANGE_DAYS);
        report.addListener((o, was, now) -> {
            granularityApplies.set(now != null && now.periodic());
            reloadIfActive();
        });
        granularity.addListener((o, was, now) -> reloadIfActive());
        range.fromProperty().addListener((o, was, now) -> reloadIfActive());
        range.toProperty().addListener((o, was, now) -> reloadIfActive());
    }

    public ObjectProperty<ReportKind> reportProperty() {
        return report;
    }

    public ObjectProperty<LocalDate> fromProperty() {
        return range.fromProperty();
    }

    public ObjectProperty<LocalDate> toProperty() {
        return range.toProperty();
    }

    public ObjectProperty<Granularity> granularityProperty() {
        return granularity;
    }

    public ReadOnlyBooleanProperty granularityAppliesProperty() {
        return granularityApplies.getReadOnlyProperty();
    }

    /** Why the range cannot be used, or "" when it can. */
    public ReadOnlyStringProperty rangeErrorProperty() {
        return range.errorProperty();
    }

    /** The field the range error is about: {@code from} or {@code to}, "" when none. */
    public ReadOnlyStringProperty rangeErrorFieldProperty() {
        return range.errorFieldProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The report on show, as the server sent it; null before the first load or after a failure. */
    public ReadOnlyObjectProperty<ReportData> dataProperty() {
        return data.getReadOnlyProperty();
    }

    public ObservableList<ColumnSpec> columns() {
        return columns;
    }

    /** The rows as the table shows them, one string per column. */
    public ObservableList<List<String>> rows() {
        return rows;
    }

    /**
     * The table's footer (issue 16): one line of totals per currency, a cell per column, shown under
     * the rows so it never scrolls away; empty when the report has nothing to add up.
     */
    public ObservableList<List<String>> footer() {
        return footer;
    }

    /** Totals of the money columns and the server's summary figures. */
    public ObservableList<Tile> tiles() {
        return tiles;
    }

    public ReadOnlyObjectProperty<ChartSpec> chartProperty() {
        return chart.getReadOnlyProperty();
    }

    /** Why there is no chart, or what it leaves out (e.g. other currencies). */
    public ReadOnlyStringProperty chartNoteProperty() {
        return chartNote.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty exportingProperty() {
        return exports.exportingProperty();
    }

    public ReadOnlyLongProperty exportBytesProperty() {
        return exports.exportBytesProperty();
    }

    /** 0..1, or -1 (indeterminate) while the server has not said how long the file is. */
    public ReadOnlyDoubleProperty exportProgressProperty() {
        return exports.exportProgressProperty();
    }

    public ReadOnlyStringProperty exportStatusProperty() {
        return exports.exportStatusProperty();
    }

    public ReadOnlyBooleanProperty exportFailedProperty() {
        return exports.exportFailedProperty();
    }

    /** The file the last successful export wrote. */
    public ReadOnlyObjectProperty<Path> lastExportProperty() {
        return exports.lastExportProperty();
    }

    /** How many loads have been sent (for tests that a change reloads). */
    public int loadsSent() {
        return loads;
    }

    /** The screen is shown: load now, and again on every change. */
    public void activate() {
        active = true;
        load();
    }

    /** The screen is hidden: changes no longer reload (a running export goes on). */
    public void deactivate() {
        active = false;
    }

    private void reloadIfActive() {
        if (active) {
            load();
        }
    }

    /**
     * The text typed in From (the date field commits it): a day as YYYY-MM-DD, or an error named on
     * the From field and no report loaded until it is corrected.
     *
     * @return the day, or null when {@code text} is empty or no day
     */
    public LocalDate typedFrom(String text) {
        return range.typedFrom(text);
    }

    /** As {@link #typedFrom(String)}, for To. */
    public LocalDate typedTo(String text) {
        return range.typedTo(text);
    }

    /** Loads the report; refused (nothing sent) while the range is invalid. */
    public void load() {
        if (!range.validate()) {
            generation++;
            loading.set(false);
            error.set("");
            return;
        }
        ReportKind kind = report.get();
        LocalDate f = range.fromProperty().get();
        LocalDate t = range.toProperty().get();
        String g = kind.periodic() ? granularity.get().apiName() : null;
        long request = ++generation;
        loads++;
        loading.set(true);
        error.set("");
        executors.run(() -> api.report(kind.apiName(), f, t, g), result -> {
            if (request != generation) {
                return;
            }
            loading.set(false);
            show(kind, result);
        }, failure -> {
            if (request != generation) {
                return;
            }
            loading.set(false);
            clear();
            error.set(describeLoadFailure(kind, failure));
        });
    }

    private static String describeLoadFailure(ReportKind kind, Throwable failure) {
        if (failure instanceof ApiException api && api.status() == 404) {
            return "This server has no “" + kind.title() + "” report yet (" + api.describe()
                    + "). A newer server-core adds it; the other reports work.";
        }
        if (failure instanceof ApiException api && api.status() == 403) {
            return "Your role may not read reports (" + api.describe() + ").";
        }
        return "The report could not be loaded: " + ErrorText.of(failure);
    }

    private void clear() {
        data.set(null);
        columns.clear();
        rows.clear();
        footer.clear();
        tiles.clear();
        chart.set(null);
        chartNote.set("");
    }

    private void show(ReportKind kind, ReportData result) {
        data.set(result);
        List<ColumnSpec> specs = new ArrayList<>();
        for (String column : result.columns()) {
            boolean numeric = result.rows().stream().map(r -> r.get(column))
                    .anyMatch(v -> v != null && v.isNumber());
            specs.add(new ColumnSpec(column, ReportValues.title(column), numeric));
        }
        columns.setAll(specs);
        List<List<String>> cells = new ArrayList<>();
        for (Map<String, JsonNode> row : result.rows()) {
            String currency = ReportTotals.currencyOf(row);
            List<String> line = new ArrayList<>();
            for (String column : result.columns()) {
                line.add("period".equals(column) ? ReportValues.period(row.get(column), result.granularity())
                        : ReportValues.format(kind, column, row.get(column), currency));
            }
            cells.add(line);
        }
        rows.setAll(cells);
        footer.setAll(ReportTotals.of(kind, result));
        tiles.setAll(ReportFigures.of(kind, result));
        chart.set(ReportCharts.of(kind, result));
        chartNote.set(ReportCharts.note(kind, result, chart.get()));
    }

    // ------------------------------------------------------------------ export

    /** {@code balance-flow_2026-11-01_2026-11-30.xlsx}. */
    public String suggestedFileName(ExportFormat format) {
        return report.get().apiName() + "_" + range.fromProperty().get() + "_" + range.toProperty().get() + "." + format.extension();
    }

    /**
     * Asks where to save the report as {@code format}, then downloads it there in the background.
     * Refused while the range is invalid or another export runs.
     */
    public void export(ExportFormat format) {
        if (exports.exportingProperty().get()) {
            return;
        }
        if (!range.validate()) {
            exports.refuse("Not exported: " + range.errorProperty().get());
            return;
        }
        ReportKind kind = report.get();
        exports.start(format, kind, range.fromProperty().get(), range.toProperty().get(), kind.periodic() ? granularity.get().apiName() : null,
                suggestedFileName(format));
    }

    /** Aborts the running export; its partial file is deleted. */
    public void cancelExport() {
        exports.cancel();
    }
}
