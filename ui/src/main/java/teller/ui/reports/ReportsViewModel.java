package teller.ui.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final ObjectProperty<Granularity> granularity = new SimpleObjectProperty<>(Granularity.DAY);
    private final ReadOnlyBooleanWrapper granularityApplies = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper rangeError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper rangeErrorField = new ReadOnlyStringWrapper("");
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
        to.set(today);
        from.set(today.minusDays(DEFAULT_RANGE_DAYS - 1L));
        validate();
        report.addListener((o, was, now) -> {
            granularityApplies.set(now != null && now.periodic());
            reloadIfActive();
        });
        granularity.addListener((o, was, now) -> reloadIfActive());
        from.addListener((o, was, now) -> {
            if (now != null) {
                fromTypedInvalid = "";
            }
            validate();
            reloadIfActive();
        });
        to.addListener((o, was, now) -> {
            if (now != null) {
                toTypedInvalid = "";
            }
            validate();
            reloadIfActive();
        });
    }

    public ObjectProperty<ReportKind> reportProperty() {
        return report;
    }

    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    public ObjectProperty<Granularity> granularityProperty() {
        return granularity;
    }

    public ReadOnlyBooleanProperty granularityAppliesProperty() {
        return granularityApplies.getReadOnlyProperty();
    }

    /** Why the range cannot be used, or "" when it can. */
    public ReadOnlyStringProperty rangeErrorProperty() {
        return rangeError.getReadOnlyProperty();
    }

    /** The field the range error is about: {@code from} or {@code to}, "" when none. */
    public ReadOnlyStringProperty rangeErrorFieldProperty() {
        return rangeErrorField.getReadOnlyProperty();
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

    /** What was typed in From or To and is no day; "" when the field holds a day (or nothing). */
    private String fromTypedInvalid = "";
    private String toTypedInvalid = "";

    /**
     * The text typed in From (the date field commits it): a day as YYYY-MM-DD, or an error named on
     * the From field and no report loaded until it is corrected.
     *
     * @return the day, or null when {@code text} is empty or no day
     */
    public LocalDate typedFrom(String text) {
        LocalDate day = parseDay(text);
        fromTypedInvalid = day == null && text != null && !text.isBlank() ? text.strip() : "";
        validate();
        return day;
    }

    /** As {@link #typedFrom(String)}, for To. */
    public LocalDate typedTo(String text) {
        LocalDate day = parseDay(text);
        toTypedInvalid = day == null && text != null && !text.isBlank() ? text.strip() : "";
        validate();
        return day;
    }

    private static LocalDate parseDay(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String notADay(String field, String typed) {
        return field + ": \"" + typed + "\" is not a day; type it as YYYY-MM-DD, e.g. 2026-12-07";
    }

    private boolean validate() {
        LocalDate f = from.get();
        LocalDate t = to.get();
        String message = "";
        String field = "";
        if (!fromTypedInvalid.isEmpty()) {
            message = notADay("From", fromTypedInvalid);
            field = "from";
        } else if (!toTypedInvalid.isEmpty()) {
            message = notADay("To", toTypedInvalid);
            field = "to";
        } else if (f == null) {
            message = "From: choose the first day of the report";
            field = "from";
        } else if (t == null) {
            message = "To: choose the last day of the report";
            field = "to";
        } else if (f.isAfter(t)) {
            message = "From (" + f + ") must be on or before To (" + t + ")";
            field = "from";
        } else if (ChronoUnit.DAYS.between(f, t) >= RANGE_DAYS_MAX) {
            message = "To: a report covers at most " + RANGE_DAYS_MAX + " days";
            field = "to";
        }
        rangeError.set(message);
        rangeErrorField.set(field);
        return message.isEmpty();
    }

    /** Loads the report; refused (nothing sent) while the range is invalid. */
    public void load() {
        if (!validate()) {
            generation++;
            loading.set(false);
            error.set("");
            return;
        }
        ReportKind kind = report.get();
        LocalDate f = from.get();
        LocalDate t = to.get();
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
            String currency = currencyOf(row);
            List<String> line = new ArrayList<>();
            for (String column : result.columns()) {
                line.add("period".equals(column) ? ReportValues.period(row.get(column), result.granularity())
                        : ReportValues.format(kind, column, row.get(column), currency));
            }
            cells.add(line);
        }
        rows.setAll(cells);
        footer.setAll(footerOf(kind, result));
        tiles.setAll(tilesOf(kind, result));
        chart.set(ReportCharts.of(kind, result));
        chartNote.set(ReportCharts.note(kind, result, chart.get()));
    }

    private static String currencyOf(Map<String, JsonNode> row) {
        JsonNode currency = row.get("currency");
        return currency == null || currency.isNull() ? null : currency.asText();
    }

    /**
     * The totals under the table: per currency (one line each, by code), the money columns and the
     * counts summed over the rows, "Total" in the first column and the currency in its own; other
     * columns (rates, ages, names) stay empty, as a sum of them means nothing. Only for reports
     * grouped by period, whose rows add up.
     */
    static List<List<String>> footerOf(ReportKind kind, ReportData result) {
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
                boolean money = kind.isMoney(column);
                boolean count = column.toLowerCase(java.util.Locale.ROOT).endsWith("count");
                if (i == 0) {
                    line.add("Total");
                } else if ("currency".equals(column)) {
                    line.add(currency == null ? "" : currency);
                } else if (money || count) {
                    long sum = 0;
                    for (Map<String, JsonNode> row : group.getValue()) {
                        JsonNode value = row.get(column);
                        if (value != null && value.isIntegralNumber()) {
                            sum = Math.addExact(sum, value.longValue());
                        }
                    }
                    line.add(ReportValues.format(kind, column, com.fasterxml.jackson.databind.node.LongNode.valueOf(sum),
                            currency));
                } else {
                    line.add("");
                }
            }
            lines.add(line);
        }
        return lines;
    }

    /**
     * The server's scalar summary figures. The money columns' totals are the table's footer (issue
     * 16), not tiles: two rows of tiles left a 1024x700 window one table row, and a report whose rows
     * are not periods (risk exposure's sections) does not add up across its rows.
     */
    private static List<Tile> tilesOf(ReportKind kind, ReportData result) {
        List<Tile> out = new ArrayList<>();
        boolean reconciliation = kind == ReportKind.RECONCILIATION && result.summary().containsKey("balanced");
        if (reconciliation) {
            // One word for the books (issue 16): "Balanced" or "N discrepancies", not true/false beside a count.
            JsonNode count = result.summary().get("discrepancies");
            out.add(new Tile("summary-result", "Result", ReportValues.reconciliation(
                    result.summary().get("balanced").asBoolean(), count == null ? 0 : count.asLong())));
        }
        result.summary().forEach((key, value) -> {
            if (reconciliation && ("balanced".equals(key) || "discrepancies".equals(key))) {
                return;
            }
            if (value != null && (value.isValueNode() || value.isNull())) {
                out.add(new Tile("summary-" + key, ReportValues.title(key), ReportValues.format(kind, key, value, null)));
            }
        });
        return out;
    }

    // ------------------------------------------------------------------ export

    /** {@code balance-flow_2026-11-01_2026-11-30.xlsx}. */
    public String suggestedFileName(ExportFormat format) {
        return report.get().apiName() + "_" + from.get() + "_" + to.get() + "." + format.extension();
    }

    /**
     * Asks where to save the report as {@code format}, then downloads it there in the background.
     * Refused while the range is invalid or another export runs.
     */
    public void export(ExportFormat format) {
        if (exports.exportingProperty().get()) {
            return;
        }
        if (!validate()) {
            exports.refuse("Not exported: " + rangeError.get());
            return;
        }
        ReportKind kind = report.get();
        exports.start(format, kind, from.get(), to.get(), kind.periodic() ? granularity.get().apiName() : null,
                suggestedFileName(format));
    }

    /** Aborts the running export; its partial file is deleted. */
    public void cancelExport() {
        exports.cancel();
    }
}
