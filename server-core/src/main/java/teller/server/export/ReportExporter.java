package teller.server.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import teller.server.reports.Report;

/** Writes a report in one of the export formats; the same rows the API returns. */
public final class ReportExporter {
    private final ObjectMapper json;

    public ReportExporter(ObjectMapper json) {
        this.json = json;
    }

    /** Writes {@code report} to {@code out} (not closed). */
    public void write(Report report, ExportFormat format, OutputStream out) throws IOException {
        switch (format) {
            case CSV -> writeCsv(report, out);
            case JSON -> {
                json.writerWithDefaultPrettyPrinter().writeValue(new NonClosingOutputStream(out), ReportJson.view(report));
                out.flush();
            }
            case XLSX -> XlsxWriter.write(report, out);
            case PDF -> PdfWriter.write(report, out);
        }
    }

    private static void writeCsv(Report report, OutputStream out) throws IOException {
        var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        var csv = new CsvWriter(writer);
        csv.row(report.columns());
        for (List<Object> row : report.rows()) {
            csv.row(row);
        }
        writer.flush();
    }

    public static String fileName(Report report, ExportFormat format) {
        return "teller-" + report.name() + "-" + report.from() + "-" + report.to() + "." + format.extension();
    }
}
