package teller.ui.api;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The reports part of the API: a report as data, and its export as a file download. */
public final class ReportsApi {
    private final TellerClient client;

    public ReportsApi(TellerClient client) {
        this.client = Objects.requireNonNull(client);
    }

    /**
     * A report over UTC days {@code from..to} (both included).
     *
     * @param granularity {@code day}, {@code week} or {@code month}; null for the server's default
     */
    public ReportData report(String name, LocalDate from, LocalDate to, String granularity) {
        return client.get("api/v1/reports/" + TellerClient.pathSegment(name), range(from, to, granularity),
                ReportData.class);
    }

    /**
     * The report as a file in {@code format} ({@code csv}, {@code xlsx}, {@code pdf}, {@code json}):
     * nothing is sent until {@link Download#saveTo}.
     */
    public Download export(String name, String format, LocalDate from, LocalDate to, String granularity) {
        Map<String, String> query = range(from, to, granularity);
        query.put("format", format);
        return client.download("api/v1/reports/" + TellerClient.pathSegment(name) + "/export", query);
    }

    private static Map<String, String> range(LocalDate from, LocalDate to, String granularity) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", from == null ? null : from.toString());
        query.put("to", to == null ? null : to.toString());
        query.put("granularity", granularity);
        return query;
    }
}
