package teller.server.export;

import java.util.LinkedHashMap;
import java.util.Map;
import teller.server.reports.Report;

/** The JSON shape of a report, for the API response and the JSON export alike. */
public final class ReportJson {
    private ReportJson() {
    }

    public static Map<String, Object> view(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("from", r.from().toString());
        m.put("to", r.to().toString());
        m.put("granularity", r.granularity().name().toLowerCase(java.util.Locale.ROOT));
        m.put("generatedAt", r.generatedAt().toString());
        m.put("columns", r.columns());
        m.put("rows", r.rowMaps());
        m.put("summary", r.summary());
        return m;
    }
}
