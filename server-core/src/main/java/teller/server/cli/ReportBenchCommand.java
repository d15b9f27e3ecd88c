package teller.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import teller.server.db.Database;
import teller.server.db.DatabaseRuntime;
import teller.server.db.JdbiTransactor;
import teller.server.db.NaiveReportQueries;
import teller.server.db.PgLedger;
import teller.server.db.PgReportStore;
import teller.server.reports.Granularity;
import teller.server.reports.ReportName;
import teller.server.reports.ReportQuery;
import teller.server.reports.ReportService;

/**
 * Generates a large ledger (default 10M entries) and times each report read from the rollups
 * against the naive GROUP BY over raw entries it replaces, on the same data. Also checks, at that
 * scale, that the rollups equal the naive figures.
 */
@Command(name = "report-bench", mixinStandardHelpOptions = true,
        description = "Generate a large ledger and compare report times: rollups vs GROUP BY over raw entries.")
public final class ReportBenchCommand implements Callable<Integer> {
    /** Rows folded per rollup transaction while building the rollups of the generated data. */
    static final int BUILD_BATCH_MAX = 100_000;
    static final int ENTRIES_MAX = 200_000_000;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--entries", defaultValue = "10000000",
            description = "Ledger entries to generate, two per transaction (default ${DEFAULT-VALUE}).")
    long entries;

    @Option(names = "--players", defaultValue = "10000", description = "Players (default ${DEFAULT-VALUE}).")
    int players;

    @Option(names = "--days", defaultValue = "365", description = "Days the data spreads over (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--repeat", defaultValue = "5", description = "Timed runs per query; the median counts (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--no-generate", description = "Use the data already in the database.")
    boolean noGenerate;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the results table to this file.")
    Path markdown;

    record Timing(String report, double rollupMillis, double naiveMillis) {
        double ratio() {
            return naiveMillis / Math.max(rollupMillis, 0.001);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (entries < 2 || entries > ENTRIES_MAX || players < 1 || days < 1 || repeat < 1) {
            err.println("--entries must be 2.." + ENTRIES_MAX + "; --players, --days and --repeat at least 1");
            return 2;
        }
        try (var runtime = DatabaseRuntime.open(common.config().withoutStatementTimeout())) {
            runtime.database().migrate();
            Jdbi jdbi = runtime.database().jdbi();
            var tx = new JdbiTransactor(jdbi);
            var store = new PgReportStore(tx);
            var reports = new ReportService(tx, store, new PgLedger(tx), Clock.systemUTC());

            if (!noGenerate) {
                long transactions = entries / 2;
                long started = System.nanoTime();
                String script = resource("/bench/report-data.sql")
                        .replace(":transactions", Long.toString(transactions))
                        .replace(":players", Integer.toString(players))
                        .replace(":days", Integer.toString(days));
                jdbi.useTransaction(h -> {
                    Database.unbounded(h.getConnection());
                    try (var statement = h.getConnection().createStatement()) {
                        for (String sql : statements(script)) {
                            statement.execute(sql);
                        }
                    }
                });
                out.printf(Locale.ROOT, "generated %,d transactions (%,d entries) in %.1f s%n", transactions,
                        transactions * 2, seconds(started));
                out.flush();
            }
            long analyzed = System.nanoTime();
            jdbi.useHandle(h -> h.execute("VACUUM ANALYZE"));
            out.printf(Locale.ROOT, "vacuum analyze: %.1f s%n", seconds(analyzed));

            long built = System.nanoTime();
            long folded = 0;
            while (true) {
                int handled = tx.inTransaction(() -> store.rollup(BUILD_BATCH_MAX, ReportService.ROLLUP_SETTLE_MILLIS));
                folded += Math.max(handled, 0);
                if (reports.rollupCaughtUp()) {
                    break;
                }
                if (handled <= 0) {
                    Thread.sleep(50);
                }
            }
            out.printf(Locale.ROOT, "rollups built: %,d rows folded in %.1f s%n", folded, seconds(built));
            out.flush();

            LocalDate to = LocalDate.now(ZoneOffset.UTC).plusDays(1);
            LocalDate from = to.minusDays(days + 1L);
            Map<String, Object> range = Map.of("from", from, "to", to);
            boolean flowsEqual = rows(jdbi, NaiveReportQueries.FLOWS, range).equals(rows(jdbi, NaiveReportQueries.FLOWS_ROLLUP, range));
            boolean ordersEqual = rows(jdbi, NaiveReportQueries.ORDER_EVENTS, range)
                    .equals(rows(jdbi, NaiveReportQueries.ORDER_EVENTS_ROLLUP, range));
            out.println(flowsEqual && ordersEqual ? "rollups equal naive GROUP BY: yes"
                    : "ROLLUPS DIFFER FROM NAIVE GROUP BY (flows " + flowsEqual + ", orders " + ordersEqual + ")");

            List<Timing> timings = new ArrayList<>();
            for (ReportName name : List.of(ReportName.BALANCE_FLOW, ReportName.PROFIT_BY_GAME, ReportName.VOIDS,
                    ReportName.OPERATIONS, ReportName.DAILY_SUMMARY)) {
                ReportQuery q = new ReportQuery(name, from, to, Granularity.DAY);
                double rollup = median(() -> reports.report(q));
                List<String> naive = switch (name) {
                    case BALANCE_FLOW, PROFIT_BY_GAME -> List.of(NaiveReportQueries.FLOWS);
                    case DAILY_SUMMARY -> List.of(NaiveReportQueries.FLOWS, NaiveReportQueries.ORDER_EVENTS);
                    default -> List.of(NaiveReportQueries.ORDER_EVENTS);
                };
                double naiveMillis = median(() -> naive.stream().map(sql -> rows(jdbi, sql, range)).toList());
                Timing t = new Timing(name.urlName(), rollup, naiveMillis);
                timings.add(t);
                out.printf(Locale.ROOT, "%-16s rollups %9.1f ms   naive %9.1f ms   %7.0fx%n", t.report(), t.rollupMillis(),
                        t.naiveMillis(), t.ratio());
                out.flush();
            }
            String table = table(timings, entries, days);
            if (markdown != null) {
                Files.writeString(markdown, table);
            }
            return flowsEqual && ordersEqual ? 0 : 1;
        }
    }

    private double median(Supplier<?> work) {
        work.get();
        double[] runs = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long started = System.nanoTime();
            work.get();
            runs[i] = (System.nanoTime() - started) / 1_000_000.0;
        }
        Arrays.sort(runs);
        return runs[repeat / 2];
    }

    private static List<Map<String, Object>> rows(Jdbi jdbi, String sql, Map<String, Object> params) {
        return jdbi.withHandle(h -> h.createQuery(sql).bindMap(params).mapToMap().list());
    }

    static String table(List<Timing> timings, long entries, int days) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%,d ledger entries over %d days; median of timed runs after one warm-up.%n%n",
                entries, days));
        s.append("| report | rollups (ms) | naive GROUP BY (ms) | ratio |\n|---|---:|---:|---:|\n");
        for (Timing t : timings) {
            s.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0fx |%n", t.report(), t.rollupMillis(),
                    t.naiveMillis(), t.ratio()));
        }
        return s.toString();
    }

    /** The script's statements: comment lines dropped, split where a line ends with a semicolon. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                statements.add(current.toString().strip().replaceAll(";$", ""));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReportBenchCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
