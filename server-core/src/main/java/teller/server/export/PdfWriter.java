package teller.server.export;

import static teller.server.export.PdfPages.MARGIN;
import static teller.server.export.PdfPages.TEXT_SIZE;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
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
 * many rows the CSV or XLSX export carries in full. Pages and text are {@link PdfPages}'; the
 * table is {@link PdfTable}'s.
 */
final class PdfWriter {
    static final int TABLE_ROWS_MAX = 10_000;
    private static final float TITLE_SIZE = 18;
    private static final float CHART_HEIGHT = 250;
    private static final int CHART_SCALE = 2;
    /** Columns of minor units, per report; their currency is the row's "currency" column. */
    static final Map<String, Set<String>> MONEY_COLUMNS = PeopleCells.MONEY_COLUMNS;
    /** Summary entries that map a currency to minor units. */
    static final Set<String> MONEY_SUMMARIES = PeopleCells.MONEY_SUMMARIES;

    private final Report report;
    private final int tableRowsMax;
    private final PdfPages pages;

    private PdfWriter(Report report, PDDocument document, int tableRowsMax) {
        this.report = report;
        this.tableRowsMax = tableRowsMax;
        this.pages = new PdfPages(document, "Teller " + report.name() + " " + report.from() + " to " + report.to());
    }

    static void write(Report report, OutputStream out) throws IOException {
        write(report, out, TABLE_ROWS_MAX);
    }

    /** With a row limit of the caller's choosing (tests use a small one). */
    static void write(Report report, OutputStream out, int tableRowsMax) throws IOException {
        try (PDDocument document = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
            var info = document.getDocumentInformation();
            info.setTitle(title(report.name()));
            info.setCreator("Teller");
            new PdfWriter(report, document, tableRowsMax).layout();
            document.save(new NonClosingOutputStream(out));
        }
        out.flush();
    }

    static String title(String reportName) {
        String words = reportName.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private void layout() throws IOException {
        pages.newPage();
        pages.text(pages.bold, TITLE_SIZE, MARGIN, title(report.name()) + " report");
        pages.down(TITLE_SIZE + 6);
        pages.line(pages.regular, TEXT_SIZE, "Period: " + report.from() + " to " + report.to()
                + " (UTC days, both included), by " + report.granularity().name().toLowerCase(Locale.ROOT));
        pages.line(pages.regular, TEXT_SIZE, "Generated at: " + report.generatedAt());
        if (MONEY_COLUMNS.containsKey(report.name())) {
            pages.line(pages.regular, TEXT_SIZE, "Amounts in units of each row's currency.");
        }
        pages.down(6);
        charts();
        new PdfTable(report, pages, tableRowsMax).write();
        summary();
        pages.finish();
    }

    // ---------------------------------------------------------------- charts

    private void charts() throws IOException {
        float width = pages.contentWidth();
        for (ReportCharts.Chart chart : ReportCharts.of(report)) {
            if (!pages.fits(CHART_HEIGHT)) {
                pages.newPage();
            }
            PDImageXObject image = LosslessFactory.createFromImage(pages.document(),
                    chart.image((int) width, (int) CHART_HEIGHT, CHART_SCALE));
            pages.content().drawImage(image, MARGIN, pages.y() - CHART_HEIGHT, width, CHART_HEIGHT);
            pages.down(CHART_HEIGHT + 10);
        }
    }

    // ---------------------------------------------------------------- summary

    private void summary() throws IOException {
        if (report.summary().isEmpty()) {
            return;
        }
        pages.down(8);
        if (!pages.fits(3 * (TEXT_SIZE + 4))) {
            pages.newPage();
        }
        pages.line(pages.bold, TEXT_SIZE + 2, "Summary");
        for (var e : report.summary().entrySet()) {
            if (e.getValue() instanceof Map<?, ?> byKey) {
                for (var item : byKey.entrySet()) {
                    Object v = item.getValue();
                    String value = MONEY_SUMMARIES.contains(e.getKey()) && v instanceof Long amount
                            ? MoneyText.format(amount, String.valueOf(item.getKey())) + " " + item.getKey()
                            : String.valueOf(v);
                    pages.line(pages.regular, TEXT_SIZE, e.getKey() + " " + item.getKey() + ": " + value);
                }
            } else {
                Object v = e.getValue();
                pages.line(pages.regular, TEXT_SIZE, e.getKey() + ": " + (v == null ? "n/a"
                        : v instanceof BigDecimal d ? d.toPlainString() : v.toString()));
            }
        }
    }
}
