package teller.server.reports;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A report whose rows are read while they are written (exports): the same columns and figures
 * as {@link Report}, but the rows come one at a time from a database cursor, and the summary is
 * complete only once the rows have been read to the end.
 */
public record ReportRows(String name, LocalDate from, LocalDate to, Granularity granularity, Instant generatedAt,
                         List<String> columns, Iterator<List<Object>> rows, Supplier<Map<String, Object>> summary) {

    /** Writes the rows somewhere; called inside the unit of work that reads them. */
    @FunctionalInterface
    public interface Writer {
        void write(ReportRows rows) throws IOException;
    }

    /** A report already in memory, as rows. */
    public static ReportRows of(Report report) {
        return new ReportRows(report.name(), report.from(), report.to(), report.granularity(), report.generatedAt(),
                report.columns(), report.rows().iterator(), report::summary);
    }
}
