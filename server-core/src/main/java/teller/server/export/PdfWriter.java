package teller.server.export;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import teller.server.reports.Report;

/**
 * A report as a PDF for reading and printing (PDFBox, decision 0045): title, period, generation
 * time, the report's charts, its table paginated with the header row repeated on every page,
 * totals per currency, and the summary figures. Money columns print as major units of the row's
 * currency, computed from the long minor units ({@link MoneyText}).
 *
 * <p>Pages are A4 landscape; the document buffers its pages in a temporary file, not the heap.
 * A PDF is for people: past {@link #TABLE_ROWS_MAX} rows the table stops with a line saying how
 * many rows the CSV or XLSX export carries in full.
 */
final class PdfWriter {
    static final int TABLE_ROWS_MAX = 10_000;
    /** Characters of a cell considered when sizing columns, and rows sampled for it. */
    private static final int WIDTH_SAMPLE_ROWS = 500;
    private static final int CELL_CHARS_MAX = 48;
    private static final float MARGIN = 36;
    private static final float TITLE_SIZE = 18;
    private static final float TEXT_SIZE = 10;
    private static final float CELL_SIZE = 8;
    private static final float ROW_HEIGHT = 13;
    private static final float CELL_PADDING = 3;
    private static final float CHART_HEIGHT = 250;
    private static final int CHART_SCALE = 2;
    /** Columns of minor units, per report; their currency is the row's "currency" column. */
    static final Map<String, Set<String>> MONEY_COLUMNS = Map.of(
            "balance-flow", Set.of("deposits", "withdrawals", "voidedDeposits", "voidedWithdrawals", "netFlow"),
            "profit-by-game", Set.of("loads", "redemptions", "voidedLoads", "voidedRedemptions", "profit"),
            "voids", Set.of("amount"),
            "daily-summary", Set.of("deposits", "withdrawals", "gameLoads", "voids", "netFlow"));
    /** Summary entries that map a currency to minor units. */
    static final Set<String> MONEY_SUMMARIES = Set.of("netFlowByCurrency", "profitByCurrency");
    /** Reports whose numbers are not additive (expected vs actual figures of unrelated checks). */
    private static final Set<String> WITHOUT_TOTALS = Set.of("reconciliation");

    private final Report report;
    private final PDDocument document;
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final Map<Character, Boolean> encodable = new HashMap<>();
    private final PDRectangle pageSize = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private PDPageContentStream page;
    private int pageNumber;
    private float y;

    private PdfWriter(Report report, PDDocument document) {
        this.report = report;
        this.document = document;
    }

    static void write(Report report, OutputStream out) throws IOException {
        try (PDDocument document = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
            var info = document.getDocumentInformation();
            info.setTitle(title(report.name()));
            info.setCreator("Teller");
            new PdfWriter(report, document).layout();
            document.save(new NonClosingOutputStream(out));
        }
        out.flush();
    }

    static String title(String reportName) {
        String words = reportName.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private void layout() throws IOException {
        newPage();
        text(bold, TITLE_SIZE, MARGIN, title(report.name()) + " report");
        y -= TITLE_SIZE + 6;
        line(regular, TEXT_SIZE, "Period: " + report.from() + " to " + report.to() + " (UTC days, both included), by "
                + report.granularity().name().toLowerCase(Locale.ROOT));
        line(regular, TEXT_SIZE, "Generated at: " + report.generatedAt());
        if (MONEY_COLUMNS.containsKey(report.name())) {
            line(regular, TEXT_SIZE, "Amounts in units of each row's currency.");
        }
        y -= 6;
        charts();
        table();
        summary();
        page.close();
    }

    // ---------------------------------------------------------------- pages and text

    private void newPage() throws IOException {
        if (page != null) {
            page.close();
        }
        PDPage next = new PDPage(pageSize);
        document.addPage(next);
        page = new PDPageContentStream(document, next);
        pageNumber++;
        text(regular, CELL_SIZE, pageSize.getWidth() - MARGIN - 60, MARGIN / 2, "Page " + pageNumber);
        text(regular, CELL_SIZE, MARGIN, MARGIN / 2, "Teller " + report.name() + " " + report.from() + " to " + report.to());
        y = pageSize.getHeight() - MARGIN;
    }

    private boolean fits(float height) {
        return y - height >= MARGIN;
    }

    private void line(PDType1Font font, float size, String text) throws IOException {
        if (!fits(size + 4)) {
            newPage();
        }
        text(font, size, MARGIN, text);
        y -= size + 4;
    }

    /** Text whose top is at the current line. */
    private void text(PDType1Font font, float size, float x, String text) throws IOException {
        text(font, size, x, y - size, text);
    }

    private void text(PDType1Font font, float size, float x, float baseline, String text) throws IOException {
        page.beginText();
        page.setFont(font, size);
        page.newLineAtOffset(x, baseline);
        page.showText(printable(text));
        page.endText();
    }

    /**
     * The standard PDF fonts cover WinAnsi only; a game or operator name in another script prints
     * with '?' for what the font cannot show (the CSV, XLSX and JSON exports carry the exact text).
     */
    private String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(' ');
            } else if (encodable.computeIfAbsent(c, this::canEncode)) {
                out.append(c);
            } else {
                out.append('?');
            }
        }
        return out.toString();
    }

    private boolean canEncode(char c) {
        try {
            regular.encode(String.valueOf(c));
            bold.encode(String.valueOf(c));
            return true;
        } catch (IOException | IllegalArgumentException notInFont) {
            return false;
        }
    }

    private float width(PDType1Font font, float size, String text) throws IOException {
        return font.getStringWidth(printable(text)) / 1000 * size;
    }

    /** {@code text} cut with an ellipsis to fit {@code widthMax}. */
    private String fit(PDType1Font font, float size, String text, float widthMax) throws IOException {
        if (width(font, size, text) <= widthMax) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && width(font, size, cut + "\u2026") > widthMax) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "\u2026";
    }

    // ---------------------------------------------------------------- charts

    private void charts() throws IOException {
        float width = pageSize.getWidth() - 2 * MARGIN;
        for (ReportCharts.Chart chart : ReportCharts.of(report)) {
            if (!fits(CHART_HEIGHT)) {
                newPage();
            }
            PDImageXObject image = LosslessFactory.createFromImage(document,
                    chart.image((int) width, (int) CHART_HEIGHT, CHART_SCALE));
            page.drawImage(image, MARGIN, y - CHART_HEIGHT, width, CHART_HEIGHT);
            y -= CHART_HEIGHT + 10;
        }
    }

    // ---------------------------------------------------------------- table

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
        return value.toString();
    }

    private boolean isMoney(int column) {
        return MONEY_COLUMNS.getOrDefault(report.name(), Set.of()).contains(report.columns().get(column));
    }

    private String currencyOf(List<Object> row) {
        int currency = report.columns().indexOf("currency");
        return currency < 0 ? null : String.valueOf(row.get(currency));
    }

    private float[] columnWidths() throws IOException {
        List<String> columns = report.columns();
        float[] natural = new float[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            natural[c] = width(bold, CELL_SIZE, columns.get(c));
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
                natural[c] = Math.max(natural[c], width(regular, CELL_SIZE, text));
            }
        }
        float total = 0;
        for (int c = 0; c < natural.length; c++) {
            natural[c] += 2 * CELL_PADDING;
            total += natural[c];
        }
        float available = pageSize.getWidth() - 2 * MARGIN;
        float scale = available / total;
        for (int c = 0; c < natural.length; c++) {
            // Spread spare room evenly; shrink everything when the natural widths do not fit.
            natural[c] = scale >= 1 ? natural[c] + (available - total) / natural.length : natural[c] * scale;
        }
        return natural;
    }

    private void table() throws IOException {
        float[] widths = columnWidths();
        if (!fits(3 * ROW_HEIGHT)) {
            newPage();
        }
        header(widths);
        int written = 0;
        for (List<Object> row : report.rows()) {
            if (written == TABLE_ROWS_MAX) {
                break;
            }
            List<String> cells = new ArrayList<>(row.size());
            List<Boolean> numeric = new ArrayList<>(row.size());
            for (int c = 0; c < row.size(); c++) {
                cells.add(cellText(row, c));
                numeric.add(row.get(c) instanceof Number);
            }
            row(widths, cells, numeric, regular, false);
            written++;
        }
        if (report.rows().isEmpty()) {
            line(regular, TEXT_SIZE, "No rows.");
        } else if (written < report.rows().size()) {
            line(bold, TEXT_SIZE, String.format(Locale.ROOT, "%,d more rows are not printed; the CSV or XLSX export "
                    + "carries all %,d.", report.rows().size() - written, report.rows().size()));
        }
        totals(widths);
    }

    private void header(float[] widths) throws IOException {
        List<String> columns = report.columns();
        row(widths, columns, columns.stream().map(c -> false).toList(), bold, true);
    }

    private void row(float[] widths, List<String> cells, List<Boolean> numeric, PDType1Font font, boolean shaded)
            throws IOException {
        if (!fits(ROW_HEIGHT)) {
            newPage();
            if (!shaded) {
                header(widths);
            }
        }
        if (shaded) {
            page.setNonStrokingColor(0.88f, 0.88f, 0.88f);
            page.addRect(MARGIN, y - ROW_HEIGHT, pageSize.getWidth() - 2 * MARGIN, ROW_HEIGHT);
            page.fill();
            page.setNonStrokingColor(0f, 0f, 0f);
        }
        float x = MARGIN;
        float baseline = y - ROW_HEIGHT + 3.5f;
        for (int c = 0; c < cells.size(); c++) {
            float inner = widths[c] - 2 * CELL_PADDING;
            String text = fit(font, CELL_SIZE, cells.get(c), inner);
            float offset = numeric.get(c) ? inner - width(font, CELL_SIZE, text) : 0;
            text(font, CELL_SIZE, x + CELL_PADDING + offset, baseline, text);
            x += widths[c];
        }
        page.setStrokingColor(0.75f, 0.75f, 0.75f);
        page.moveTo(MARGIN, y - ROW_HEIGHT);
        page.lineTo(pageSize.getWidth() - MARGIN, y - ROW_HEIGHT);
        page.stroke();
        y -= ROW_HEIGHT;
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
            row(widths, cells, numeric, bold, false);
        }
    }

    // ---------------------------------------------------------------- summary

    private void summary() throws IOException {
        if (report.summary().isEmpty()) {
            return;
        }
        y -= 8;
        if (!fits(3 * (TEXT_SIZE + 4))) {
            newPage();
        }
        line(bold, TEXT_SIZE + 2, "Summary");
        for (var e : report.summary().entrySet()) {
            if (e.getValue() instanceof Map<?, ?> byKey) {
                for (var item : byKey.entrySet()) {
                    Object v = item.getValue();
                    String value = MONEY_SUMMARIES.contains(e.getKey()) && v instanceof Long amount
                            ? MoneyText.format(amount, String.valueOf(item.getKey())) + " " + item.getKey()
                            : String.valueOf(v);
                    line(regular, TEXT_SIZE, e.getKey() + " " + item.getKey() + ": " + value);
                }
            } else {
                Object v = e.getValue();
                line(regular, TEXT_SIZE, e.getKey() + ": " + (v == null ? "n/a"
                        : v instanceof BigDecimal d ? d.toPlainString() : v.toString()));
            }
        }
    }
}
