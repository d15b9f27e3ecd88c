package teller.server.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the report builders share: the order of their row keys and a report's frame. */
final class ReportTables {
    private ReportTables() {
    }

    /** Row keys (period, currency, ...) compared part by part, so periods sort by date and then by the rest. */
    static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** A report of query {@code q}, generated at {@code now}. */
    static Report report(ReportQuery q, Instant now, List<String> columns, List<List<Object>> rows,
                         Map<String, Object> summary) {
        return new Report(q.name().urlName(), q.from(), q.to(), q.granularity(), now, columns, rows, summary);
    }
}
