package teller.server.http;

import static io.javalin.http.HandlerType.GET;

import java.util.List;
import teller.server.auth.Role;
import teller.server.export.ExportFormat;
import teller.server.export.ReportExporter;
import teller.server.export.ReportJson;
import teller.server.reports.Report;
import teller.server.reports.ReportQuery;
import teller.server.reports.ReportService;

/** Reports read from the rollups, and their exports. Reading the books is for viewers, supervisors and auditors. */
final class ReportRoutes {
    static final Access READ_REPORTS = Access.of(Role.VIEWER, Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR);

    private final ReportService reports;
    private final ReportExporter exporter;

    ReportRoutes(ReportService reports, ReportExporter exporter) {
        this.reports = reports;
        this.exporter = exporter;
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(GET, "/api/v1/reports/{name}", READ_REPORTS,
                        "A report (balance-flow, profit-by-game, voids, operations, daily-summary, reconciliation, risk-exposure) "
                                + "over UTC days from..to (ISO dates, both included), granularity day|week|month",
                        null, "Report", ctx -> ctx.json(ReportJson.view(report(ctx)))),
                new ApiRoute(GET, "/api/v1/reports/{name}/export", READ_REPORTS,
                        "The report as a file: format=csv|xlsx|pdf|json (pdf with the charts)", null, null, ctx -> {
                    ExportFormat format = ExportFormat.parse(ctx.queryParam("format"));
                    ReportQuery query = query(ctx);
                    ctx.contentType(format.contentType());
                    ctx.header("Content-Disposition", "attachment; filename=\""
                            + ReportExporter.fileName(query.name().urlName(), query.from(), query.to(), format) + "\"");
                    if (format == ExportFormat.PDF) {
                        exporter.write(reports.report(query), format, ctx.outputStream());
                    } else {
                        // Rows go to the client as the database cursor yields them (decision 0047).
                        reports.export(query, rows -> exporter.write(rows, format, ctx.outputStream()));
                    }
                }));
    }

    private Report report(io.javalin.http.Context ctx) {
        return reports.report(query(ctx));
    }

    private ReportQuery query(io.javalin.http.Context ctx) {
        return reports.query(ctx.pathParam("name"), ctx.queryParam("from"), ctx.queryParam("to"),
                ctx.queryParam("granularity"));
    }
}
