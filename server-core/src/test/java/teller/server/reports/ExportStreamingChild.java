package teller.server.reports;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import teller.server.common.Transactor;
import teller.server.export.ExportFormat;
import teller.server.export.ReportExporter;
import teller.server.http.Json;

/**
 * Run in a child JVM with a small heap by {@link ExportStreamingTest}: exports a balance-flow
 * report of {@code periods} rows (two flows each, from a store that generates them as a cursor
 * would yield them) through {@link ReportService#export} and {@link ReportExporter}, the path of
 * the API and the CLI; or, with "collected", builds the whole report first as {@code report()}
 * does. Prints {@code rows=<n>}.
 */
public final class ExportStreamingChild {
    private ExportStreamingChild() {
    }

    /** Generates flows in the store's order: period, currency, game, flow. */
    static final class GeneratedFlows implements ReportStore {
        private final long periods;

        GeneratedFlows(long periods) {
            this.periods = periods;
        }

        @Override
        public Stream<FlowPeriod> flowsByPeriod(LocalDate from, LocalDate to, Granularity granularity, boolean byGame) {
            return LongStream.range(0, periods).boxed().flatMap(i -> Stream.of(
                    new FlowPeriod(from.plusDays(i), "USD", "", "DEPOSIT", 2, 1_000 + i),
                    new FlowPeriod(from.plusDays(i), "USD", "", "WITHDRAWAL", 1, 300)));
        }

        @Override
        public List<OrderEventDay> orderEvents(LocalDate from, LocalDate to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<LatencyBucket> decisionLatency(LocalDate from, LocalDate to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Long> latencyBoundsSeconds() {
            throw new UnsupportedOperationException();
        }

        @Override
        public QueueAge queueAge(java.time.Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> operatorNames(java.util.Collection<String> ids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PendingExposure> pendingExposure() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<OpenFlags> openFlagsByRule() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<teller.server.ledger.Discrepancy> providerOutcomeMismatches(int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int rollup(int batchMax, int settleMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean rollupCaughtUp() {
            return true;
        }
    }

    /** Runs work directly: the generated store needs no database. */
    static final class Direct implements Transactor {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return work.get();
        }

        @Override
        public <T> T read(Supplier<T> work) {
            return work.get();
        }
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long periods = Long.parseLong(args[1]);
        ExportFormat format = ExportFormat.parse(args[2]);
        boolean collected = args.length > 3 && "collected".equals(args[3]);
        var service = new ReportService(new Direct(), new GeneratedFlows(periods), null, Clock.systemUTC());
        var query = new ReportQuery(ReportName.BALANCE_FLOW, LocalDate.of(1000, 1, 1), LocalDate.of(9999, 12, 31),
                Granularity.DAY);
        var exporter = new ReportExporter(Json.mapper());
        long[] written = {0};
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            if (collected) {
                Report report = service.report(query);
                exporter.write(report, format, out);
                written[0] = report.rows().size();
            } else {
                service.export(query, rows -> written[0] = exporter.write(rows, format, out));
            }
        }
        System.out.println("rows=" + written[0]);
    }
}
