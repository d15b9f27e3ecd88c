package teller.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/** The {@code bench} command's measurements and how they are printed: a line per run, then a Markdown table and ratios. */
final class BenchResults {
    private BenchResults() {
    }

    /** Paths of the rate-limited phase: both sides at half the HTTP maximum, latency from the scheduled start. */
    static final String HTTP_HALF_RATE = "httpHalfRate";
    static final String PGBENCH_HALF_RATE = "pgbenchHalfRate";

    /** One measured run; {@code targetRate} is the open-loop rate asked for, NaN for a run at the maximum rate. */
    record Result(String scenario, String path, int approvals, int errors, double seconds, double p50Millis,
                  double p99Millis, double meanBatch, double targetRate) {
        Result(String scenario, String path, int approvals, int errors, double seconds, double p50Millis,
               double p99Millis, double meanBatch) {
            this(scenario, path, approvals, errors, seconds, p50Millis, p99Millis, meanBatch, Double.NaN);
        }

        double perSecond() {
            return approvals / seconds;
        }
    }

    static void print(Result r) {
        System.out.printf(Locale.ROOT, "  %-16s %-16s %6d approvals in %6.2f s = %8.0f /s  p50 %6.2f ms  p99 %6.2f ms"
                        + "  mean batch %5s  errors %d%n", r.scenario(), r.path(), r.approvals(), r.seconds(),
                r.perSecond(), r.p50Millis(), r.p99Millis(), meanBatch(r), r.errors());
    }

    static void report(List<Result> results, int clients, boolean balanced, long transactions) {
        System.out.println();
        System.out.println("| scenario | path | clients | approvals/s | p50 ms | p99 ms | mean batch |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %.0f | %.2f | %s | %s |%n", r.scenario(), r.path(), clients,
                    r.perSecond(), r.p50Millis(), Double.isNaN(r.p99Millis()) ? "n/a" : String.format(Locale.ROOT, "%.2f", r.p99Millis()),
                    r.path().startsWith("pgbench") ? "1 (by design)" : meanBatch(r));
        }
        ratio(results, "spread", "http", "spread", "pgbench", "HTTP / pgbench, spread");
        ratio(results, "hot", "http", "hot", "pgbench", "HTTP / pgbench, hot house:cash");
        ratio(results, "hot", "http", "spread", "http", "hot / spread, HTTP");
        ratio(results, "intake", "http", "spread", "http", "intake / spread approvals, HTTP");
        for (String scenario : List.of("spread", "hot")) {
            Optional<Double> p99 = p99Ratio(results, scenario);
            p99.ifPresent(r -> System.out.printf(Locale.ROOT, "p99 at half the HTTP maximum, HTTP / pgbench, %s: %.2f×%n",
                    scenario, r));
        }
        System.out.printf("ledger after the run: %s (%d transactions checked)%n",
                balanced ? "balanced" : "DISCREPANCIES FOUND", transactions);
    }

    /** The mean group-commit batch, or n/a for a run without batches (intake); JSON writes null for it. */
    static String meanBatch(Result r) {
        return Double.isNaN(r.meanBatch()) ? "n/a" : String.format(Locale.ROOT, "%.1f", r.meanBatch());
    }

    private static void ratio(List<Result> results, String s1, String p1, String s2, String p2, String label) {
        Optional<Result> a = find(results, s1, p1);
        Optional<Result> b = find(results, s2, p2);
        if (a.isPresent() && b.isPresent()) {
            System.out.printf(Locale.ROOT, "%s: %.2f×%n", label, a.get().perSecond() / b.get().perSecond());
        }
    }

    /**
     * The figures as JSON: {@code {"scenarios": {"spread": {"http": {...}, "pgbench": {...}}, "hot":
     * {...}, "intake": {"http": {...}}}}}, each with requestsPerSecond (approvalsPerSecond, or
     * ordersPerSecond for intake), p50Ms and p99Ms, plus the ratios and which processes ran.
     */
    static void writeJson(Path file, List<Result> results, int clients, int orders, long serverPid,
                          List<Long> loadGeneratorPids, String loadCpus, boolean balanced) throws IOException {
        Map<String, Object> scenarios = new LinkedHashMap<>();
        for (Result r : results) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put(r.scenario().equals("intake") ? "ordersPerSecond" : "approvalsPerSecond", number(r.perSecond()));
            figures.put("requestsPerSecond", number(r.perSecond()));
            figures.put("p50Ms", number(r.p50Millis()));
            figures.put("p99Ms", number(r.p99Millis()));
            figures.put("requests", r.approvals());
            figures.put("errors", r.errors());
            figures.put("seconds", number(r.seconds()));
            figures.put("meanBatch", number(r.meanBatch()));
            if (!Double.isNaN(r.targetRate())) {
                figures.put("targetRate", number(r.targetRate()));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> paths = (Map<String, Object>) scenarios.computeIfAbsent(r.scenario(),
                    k -> new LinkedHashMap<String, Object>());
            paths.put(r.path(), figures);
        }
        Map<String, Object> ratios = new LinkedHashMap<>();
        putRatio(ratios, "spreadHttpOverPgbench", results, "spread", "http", "spread", "pgbench");
        putRatio(ratios, "hotHttpOverPgbench", results, "hot", "http", "hot", "pgbench");
        putRatio(ratios, "hotOverSpreadHttp", results, "hot", "http", "spread", "http");
        putRatio(ratios, "intakeOverSpreadApprovals", results, "intake", "http", "spread", "http");
        p99Ratio(results, "spread").ifPresent(r -> ratios.put("spreadP99HalfRateHttpOverPgbench", number(r)));
        p99Ratio(results, "hot").ifPresent(r -> ratios.put("hotP99HalfRateHttpOverPgbench", number(r)));
        Map<String, Object> processes = new LinkedHashMap<>();
        processes.put("server", serverPid);
        processes.put("loadGenerators", loadGeneratorPids);
        processes.put("loadCpus", loadCpus);
        processes.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("clients", clients);
        root.put("ordersPerRun", orders);
        root.put("scenarios", scenarios);
        root.put("ratios", ratios);
        root.put("processes", processes);
        root.put("ledgerBalanced", balanced);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static void putRatio(Map<String, Object> ratios, String name, List<Result> results, String s1, String p1,
                                 String s2, String p2) {
        Optional<Result> a = find(results, s1, p1);
        Optional<Result> b = find(results, s2, p2);
        if (a.isPresent() && b.isPresent()) {
            ratios.put(name, number(a.get().perSecond() / b.get().perSecond()));
        }
    }

    /** HTTP's p99 over pgbench's, both at half the HTTP maximum rate (the latency goal: ≤ 2). */
    private static Optional<Double> p99Ratio(List<Result> results, String scenario) {
        Optional<Result> http = find(results, scenario, HTTP_HALF_RATE);
        Optional<Result> pgbench = find(results, scenario, PGBENCH_HALF_RATE);
        return http.isPresent() && pgbench.isPresent()
                ? Optional.of(http.get().p99Millis() / pgbench.get().p99Millis()) : Optional.empty();
    }

    /** JSON has no NaN: an unknown figure is null. */
    private static Double number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    private static Optional<Result> find(List<Result> results, String scenario, String path) {
        return results.stream().filter(r -> r.scenario().equals(scenario) && r.path().equals(path)).findFirst();
    }
}
