package teller.server.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import teller.server.reports.Report;
import teller.server.reports.ReportRows;

/**
 * Writes a report in one of the export formats; the same rows the API returns. CSV, XLSX and
 * JSON are written row by row as the rows are read ({@link ReportRows}); a PDF lays out a report
 * held in memory (it prints at most {@link PdfWriter#TABLE_ROWS_MAX} rows).
 */
public final class ReportExporter {
    private final ObjectMapper json;

    public ReportExporter(ObjectMapper json) {
        this.json = json;
    }

    /** Writes {@code report} to {@code out} (not closed). */
    public void write(Report report, ExportFormat format, OutputStream out) throws IOException {
        if (format == ExportFormat.PDF) {
            PdfWriter.write(report, out);
        } else {
            write(ReportRows.of(report), format, out);
        }
    }

    /** Writes the rows to {@code out} (not closed) as they come; returns how many were written. */
    public long write(ReportRows report, ExportFormat format, OutputStream out) throws IOException {
        CountingRows counted = new CountingRows(report.rows());
        ReportRows rows = new ReportRows(report.name(), report.from(), report.to(), report.granularity(),
                report.generatedAt(), report.columns(), counted, report.summary());
        switch (format) {
            case CSV -> writeCsv(rows, out);
            case JSON -> writeJson(rows, out);
            case XLSX -> XlsxWriter.write(rows.name(), rows.columns(), peopleRows(rows), rows.summary(), out);
            case PDF -> throw new IllegalArgumentException("a PDF is laid out from a whole report: use write(Report, ...)");
        }
        return counted.count;
    }

    private static void writeCsv(ReportRows report, OutputStream out) throws IOException {
        var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        var csv = new CsvWriter(writer);
        // For people (issue 16): human headers, amounts in major units ("2205.00"), periods named.
        csv.row(PeopleCells.headers(report.columns()));
        var rows = peopleRows(report);
        while (rows.hasNext()) {
            csv.row(rows.next());
        }
        writer.flush();
    }

    /** The rows as people read them ({@link PeopleCells#row}), converted one at a time. */
    private static java.util.Iterator<List<Object>> peopleRows(ReportRows report) {
        java.util.Iterator<List<Object>> rows = report.rows();
        return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public List<Object> next() {
                return PeopleCells.row(report.name(), report.columns(), rows.next(), report.granularity());
            }
        };
    }

    /** The shape of {@link ReportJson#view}, written field by field so the rows never sit in memory. */
    private void writeJson(ReportRows report, OutputStream out) throws IOException {
        try (JsonGenerator g = json.createGenerator(new NonClosingOutputStream(out))) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("name", report.name());
            g.writeStringField("from", report.from().toString());
            g.writeStringField("to", report.to().toString());
            g.writeStringField("granularity", report.granularity().name().toLowerCase(Locale.ROOT));
            g.writeStringField("generatedAt", report.generatedAt().toString());
            // Machine-shaped (issue 16): amounts stay integers of the currency's minor unit, and say so.
            g.writeStringField("amountUnit", "minor");
            g.writeStringField("amountNote", "Amounts are integers in the minor unit of the row's currency "
                    + "(220500 USD is 2,205.00); periods are the first day of each period.");
            g.writeFieldName("columns");
            g.writeObject(report.columns());
            g.writeArrayFieldStart("rows");
            List<String> columns = report.columns();
            while (report.rows().hasNext()) {
                List<Object> row = report.rows().next();
                g.writeStartObject();
                for (int c = 0; c < columns.size(); c++) {
                    g.writeFieldName(columns.get(c));
                    value(g, row.get(c));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("summary");
            g.writeObject(report.summary().get());
            g.writeEndObject();
        }
        out.flush();
    }

    /** The cell types of a report directly (a million rows go through here); anything else as the API maps it. */
    private static void value(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof String text) {
            g.writeString(text);
        } else if (value instanceof java.math.BigDecimal d) {
            g.writeNumber(d);
        } else {
            g.writeObject(value);
        }
    }

        public static String fileName(Report report, ExportFormat format) {
        return fileName(report.name(), report.from(), report.to(), format);
    }

    public static String fileName(String name, java.time.LocalDate from, java.time.LocalDate to, ExportFormat format) {
        return "teller-" + name + "-" + from + "-" + to + "." + format.extension();
    }

    private static final class CountingRows implements java.util.Iterator<List<Object>> {
        private final java.util.Iterator<List<Object>> rows;
        long count;

        CountingRows(java.util.Iterator<List<Object>> rows) {
            this.rows = rows;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public List<Object> next() {
            count++;
            return rows.next();
        }
    }
}
