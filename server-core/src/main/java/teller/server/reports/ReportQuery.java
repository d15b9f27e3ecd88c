package teller.server.reports;

import java.time.LocalDate;

/** Which report, over which UTC days ({@code from} and {@code to} both included), grouped how. */
public record ReportQuery(ReportName name, LocalDate from, LocalDate to, Granularity granularity) {
}
