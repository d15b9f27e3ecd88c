package teller.server.export;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import teller.server.reports.Report;

/**
 * Streams a report to XLSX with fastexcel: rows are flushed every {@link #FLUSH_ROWS} rows and
 * text is written as inline strings (no shared-string table), so memory stays flat however many
 * rows there are. Text is neutralised like CSV text: the cells are never formulas here, but an
 * operator may re-save the sheet as CSV.
 */
final class XlsxWriter {
    static final int FLUSH_ROWS = 1_000;
    static final String SUMMARY_SHEET_NAME = "summary";

    private XlsxWriter() {
    }

    static void write(Report report, OutputStream out) throws IOException {
        write(report.name(), report.columns(), report.rows().iterator(), report::summary, out);
    }

    /**
     * Writes rows as they come from {@code rows}: nothing is kept after a row is flushed, so a
     * caller streaming rows from a database cursor writes any number of them in flat memory
     * ({@code XlsxStreamingTest} writes a million in a 64 MB heap).
     */
    static void write(String name, List<String> columns, Iterator<? extends List<?>> rows,
                      Supplier<Map<String, Object>> summaryFigures, OutputStream out) throws IOException {
        Workbook workbook = new Workbook(new NonClosingOutputStream(out), "Teller", "1.0");
        Worksheet sheet = workbook.newWorksheet(sheetName(name));
        for (int c = 0; c < columns.size(); c++) {
            sheet.inlineString(0, c, PeopleCells.header(columns.get(c)));
            sheet.style(0, c).bold().set();
        }
        int r = 1;
        while (rows.hasNext()) {
            List<?> row = rows.next();
            for (int c = 0; c < row.size(); c++) {
                cell(sheet, r, c, row.get(c));
            }
            r++;
            if (r % FLUSH_ROWS == 0) {
                sheet.flush();
            }
        }
        sheet.finish();
        Worksheet summary = workbook.newWorksheet(SUMMARY_SHEET_NAME);
        // One figure a line, its currency in a column of its own and money in major units (issue 16: the
        // sheet held "{USD=220500}", a Java map).
        summary.inlineString(0, 0, "Figure");
        summary.inlineString(0, 1, "Currency");
        summary.inlineString(0, 2, "Value");
        for (int c = 0; c < 3; c++) {
            summary.style(0, c).bold().set();
        }
        int s = 1;
        // The summary is complete once the rows are read: it is asked for only now.
        for (var e : summaryFigures.get().entrySet()) {
            if (e.getValue() instanceof Map<?, ?> byKey) {
                for (var item : byKey.entrySet()) {
                    summary.inlineString(s, 0, PeopleCells.header(e.getKey()));
                    summary.inlineString(s, 1, CsvWriter.neutralise(String.valueOf(item.getKey())));
                    Object v = item.getValue();
                    cell(summary, s, 2, PeopleCells.MONEY_SUMMARIES.contains(e.getKey()) && v instanceof Long minor
                            ? PeopleCells.major(minor, String.valueOf(item.getKey())) : v);
                    s++;
                }
            } else {
                summary.inlineString(s, 0, PeopleCells.header(e.getKey()));
                cell(summary, s, 2, e.getValue() instanceof List<?> ? String.valueOf(e.getValue()) : e.getValue());
                s++;
            }
        }
        summary.finish();
        workbook.finish();
        out.flush();
    }

    private static void cell(Worksheet sheet, int r, int c, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Long l) {
            sheet.value(r, c, l);
        } else if (value instanceof Integer i) {
            sheet.value(r, c, i);
        } else if (value instanceof BigDecimal d) {
            sheet.value(r, c, d);
            if (d.scale() > 0) {
                // An amount in major units: a number format with the currency's decimals.
                sheet.style(r, c).format(PeopleCells.numberFormat(d)).set();
            }
        } else if (value instanceof Boolean b) {
            sheet.value(r, c, b);
        } else {
            sheet.inlineString(r, c, CsvWriter.neutralise(value.toString()));
        }
    }

    /** Excel sheet names: at most 31 characters, none of []:*?/\. */
    private static String sheetName(String name) {
        String clean = name.replaceAll("[\\[\\]:*?/\\\\]", "_");
        return clean.length() > 31 ? clean.substring(0, 31) : clean;
    }
}
