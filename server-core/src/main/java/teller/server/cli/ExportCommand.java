package teller.server.cli;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import teller.server.db.DatabaseRuntime;
import teller.server.db.JdbiTransactor;
import teller.server.db.PgLedger;
import teller.server.db.PgReportStore;
import teller.server.export.ExportFormat;
import teller.server.export.ReportExporter;
import teller.server.http.Json;
import teller.server.reports.Report;
import teller.server.reports.ReportService;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a report to a file (csv, xlsx, pdf or json), straight from the database.")
public final class ExportCommand implements Callable<Integer> {
    /** How long the export waits for the rollups to fold what is already committed. */
    static final Duration CATCH_UP_WAIT_MAX = Duration.ofSeconds(60);

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--report", required = true,
            description = "balance-flow, profit-by-game, voids, operations, daily-summary or reconciliation.")
    String report;

    @Option(names = "--format", required = true, description = "csv, xlsx, pdf (with charts) or json.")
    String format;

    @Option(names = "--from", description = "First UTC day, e.g. 2026-01-01 (default: 30 days before --to).")
    String from;

    @Option(names = "--to", description = "Last UTC day, included (default: today).")
    String to;

    @Option(names = "--granularity", defaultValue = "day", description = "day, week or month (default ${DEFAULT-VALUE}).")
    String granularity;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        try {
            return export(err);
        } catch (teller.server.common.DomainException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private int export(java.io.PrintWriter err) throws Exception {
        ExportFormat exportFormat = ExportFormat.parse(format);
        try (var runtime = DatabaseRuntime.open(common.config().withoutStatementTimeout())) {
            if (!runtime.database().ready()) {
                err.println("the database is not migrated; run `migrate` first");
                return 2;
            }
            var tx = new JdbiTransactor(runtime.database().jdbi());
            var reports = new ReportService(tx, new PgReportStore(tx), new PgLedger(tx), Clock.systemUTC());
            var query = reports.query(report, from, to, granularity);
            if (!reports.catchUp(CATCH_UP_WAIT_MAX)) {
                err.println("warning: the report rollups are still catching up; figures may miss the newest postings");
            }
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            var exporter = new ReportExporter(Json.mapper());
            long[] written = {0};
            try (OutputStream file = new java.io.BufferedOutputStream(Files.newOutputStream(out))) {
                if (exportFormat == ExportFormat.PDF) {
                    Report result = reports.report(query);
                    exporter.write(result, exportFormat, file);
                    written[0] = result.rows().size();
                } else {
                    // Rows go to the file as the database cursor yields them (decision 0047).
                    reports.export(query, rows -> written[0] = exporter.write(rows, exportFormat, file));
                }
            }
            spec.commandLine().getOut().printf("%s: %d rows written to %s%n", query.name().urlName(), written[0], out);
            return 0;
        }
    }
}
