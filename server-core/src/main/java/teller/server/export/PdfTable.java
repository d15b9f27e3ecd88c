package teller.server.export;

import static teller.server.export.PdfPages.MARGIN;
import static teller.server.export.PdfPages.TEXT_SIZE;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import teller.server.reports.Report;

/**
 * A report's table in the PDF: columns sized from a sample of the rows, paginated with the header
 * row repeated on every page, at most {@code tableRowsMax} rows, then a total row per currency.
 */
final class PdfTable {
    /** Characters of a cell considered when sizing columns, and rows sampled for it. */
    private static final int WIDTH_SAMPLE_ROWS = 500;
    private static final int CELL_CHARS_MAX = 48;
    private static final float CELL_SIZE = 8;
    private static final float ROW_HEIGHT = 13;
    private static final float CELL_PADDING = 3;
    /** Reports whose numbers are not additive (expected vs actual figures of unrelated checks). */
    private static final Set<String> WITHOUT_TOTALS = Set.of("reconciliation");

    private final Report report;
    private final PdfPages pages;
    private final int tableRowsMax;

    PdfTable(Report report, PdfPages pages, int tableRowsMax) {
        this.report = report;
        this.pages = pages;
        this.tableRowsMax = tableRowsMax;
    }

    private String cellText(List<Object> row, int column) {
        Object value = row.get(column);
        if (value == null) {
            return "";
        }
        if (value instanceof Long amount && isMoney(column)) {
            return MoneyText.format(amount, currencyOf(row));
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if ("period".equals(report.columns().get(column))) {
            return PeopleCells.period(value, report.granularity());
        }
        return value.toString();
    }

    private boolean isMoney(int column) {
        return PdfWriter.MONEY_COLUMNS.getOrDefault(report.name(), Set.of()).contains(report.columns().get(column));
    }

    private String currencyOf(List<Object> row) {
        int currency = report.columns().indexOf("currency");
        return currency < 0 ? null : String.valueOf(row.get(currency));
    }

    private float[] columnWidths() throws IOException {
        List<String> columns = report.columns();
        float[] natural = new float[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            natural[c] = pages.width(pages.bold, CELL_SIZE, columns.get(c));
        }
        int sampled = 0;
        for (List<Object> row : report.rows()) {
            if (sampled++ >= WIDTH_SAMPLE_ROWS) {
                break;
            }
            for (int c = 0; c < columns.size(); c++) {
                String text = cellText(row, c);
                if (text.length() > CELL_CHARS_MAX) {
                    text = text.substring(0, CELL_CHARS_MAX);
                }
                natural[c] = Math.max(natural[c], pages.width(pages.regular, CELL_SIZE, text));
            }
        }
        float total = 0;
        for (int c = 0; c < natural.length; c++) {
            natural[c] += 2 * CELL_PADDING;
            total += natural[c];
        }
        float available = pages.contentWidth();
        float scale = available / total;
        for (int c = 0; c < natural.length; c++) {
            // Spread spare room evenly; shrink everything when the natural widths do not fit.
            natural[c] = scale >= 1 ? natural[c] + (available - total) / natural.length : natural[c] * scale;
        }
        return natural;
    }

    void write() throws IOException {
        float[] widths = columnWidths();
        if (!pages.fits(3 * ROW_HEIGHT)) {
            pages.newPage();
        }
        header(widths);
        int written = 0;
        for (List<Object> row : report.rows()) {
            if (written == tableRowsMax) {
                break;
            }
            List<String> cells = new ArrayList<>(row.size());
            List<Boolean> numeric = new ArrayList<>(row.size());
            for (int c = 0; c < row.size(); c++) {
                cells.add(cellText(row, c));
                numeric.add(row.get(c) instanceof Number);
            }
            row(widths, cells, numeric, pages.regular, false);
            written++;
        }
        if (report.rows().isEmpty()) {
            pages.line(pages.regular, TEXT_SIZE, "No rows.");
        } else if (written < report.rows().size()) {
            pages.line(pages.bold, TEXT_SIZE, String.format(Locale.ROOT, "%,d more rows are not printed; the CSV or XLSX export "
                    + "carries all %,d.", report.rows().size() - written, report.rows().size()));
        }
        totals(widths);
    }

    private void header(float[] widths) throws IOException {
        List<String> columns = report.columns();
        // Headers of number columns align with their numbers, on the right.
        List<Object> first = report.rows().isEmpty() ? null : report.rows().get(0);
        List<Boolean> numeric = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            numeric.add(first != null && first.get(c) instanceof Number);
        }
        row(widths, columns, numeric, pages.bold, true);
    }

    private void row(float[] widths, List<String> cells, List<Boolean> numeric, PdfFace font, boolean shaded)
            throws IOException {
        if (!pages.fits(ROW_HEIGHT)) {
            pages.newPage();
            if (!shaded) {
                header(widths);
            }
        }
        PDPageContentStream page = pages.content();
        float y = pages.y();
        if (shaded) {
            page.setNonStrokingColor(0.88f, 0.88f, 0.88f);
            page.addRect(MARGIN, y - ROW_HEIGHT, pages.contentWidth(), ROW_HEIGHT);
            page.fill();
            page.setNonStrokingColor(0f, 0f, 0f);
        }
        float x = MARGIN;
        float baseline = y - ROW_HEIGHT + 3.5f;
        for (int c = 0; c < cells.size(); c++) {
            float inner = widths[c] - 2 * CELL_PADDING;
            String text = pages.fit(font, CELL_SIZE, cells.get(c), inner);
            float offset = numeric.get(c) ? inner - pages.width(font, CELL_SIZE, text) : 0;
            pages.text(font, CELL_SIZE, x + CELL_PADDING + offset, baseline, text);
            x += widths[c];
        }
        page.setStrokingColor(0.75f, 0.75f, 0.75f);
        page.moveTo(MARGIN, y - ROW_HEIGHT);
        page.lineTo(pages.right(), y - ROW_HEIGHT);
        page.stroke();
        pages.down(ROW_HEIGHT);
    }

    /**
     * A total row per currency (or one, for reports without a currency) adding up every column
     * of whole numbers, in exact long arithmetic.
     */
    private void totals(float[] widths) throws IOException {
        if (WITHOUT_TOTALS.contains(report.name()) || report.rows().isEmpty()) {
            return;
        }
        List<String> columns = report.columns();
        int currency = columns.indexOf("currency");
        Map<String, long[]> sums = new LinkedHashMap<>();
        boolean[] additive = new boolean[columns.size()];
        for (List<Object> row : report.rows()) {
            long[] s = sums.computeIfAbsent(currency < 0 ? "" : String.valueOf(row.get(currency)),
                    k -> new long[columns.size()]);
            for (int c = 0; c < row.size(); c++) {
                if (row.get(c) instanceof Long value) {
                    s[c] = Math.addExact(s[c], value);
                    additive[c] = true;
                }
            }
        }
        for (var e : new java.util.TreeMap<>(sums).entrySet()) {
            List<String> cells = new ArrayList<>();
            List<Boolean> numeric = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                if (c == 0) {
                    cells.add("Total");
                } else if (c == currency) {
                    cells.add(e.getKey());
                } else if (additive[c]) {
                    cells.add(isMoney(c) ? MoneyText.format(e.getValue()[c], e.getKey()) : Long.toString(e.getValue()[c]));
                } else {
                    cells.add("");
                }
                numeric.add(additive[c] && c != 0);
            }
            row(widths, cells, numeric, pages.bold, false);
        }
    }
}
