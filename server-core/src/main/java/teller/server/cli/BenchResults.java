package teller.server.cli;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code bench} command's measurements and how they are printed: a line per run, then a Markdown table and ratios. */
final class BenchResults {
    private BenchResults() {
    }

    /** One measured run. */
    record Result(String scenario, String path, int approvals, int errors, double seconds, double p50Millis,
                  double p99Millis, double meanBatch) {
        double perSecond() {
            return approvals / seconds;
        }
    }

    static void print(Result r) {
        System.out.printf(Locale.ROOT, "  %-16s %-8s %6d approvals in %6.2f s = %8.0f /s  p50 %6.2f ms  p99 %6.2f ms"
                        + "  mean batch %5.1f  errors %d%n", r.scenario(), r.path(), r.approvals(), r.seconds(),
                r.perSecond(), r.p50Millis(), r.p99Millis(), r.meanBatch(), r.errors());
    }

    static void report(List<Result> results, int clients, boolean balanced, long transactions) {
        System.out.println();
        System.out.println("| scenario | path | clients | approvals/s | p50 ms | p99 ms | mean batch |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %.0f | %.2f | %s | %s |%n", r.scenario(), r.path(), clients,
                    r.perSecond(), r.p50Millis(), Double.isNaN(r.p99Millis()) ? "n/a" : String.format(Locale.ROOT, "%.2f", r.p99Millis()),
                    r.path().equals("pgbench") ? "1 (by design)" : String.format(Locale.ROOT, "%.1f", r.meanBatch()));
        }
        ratio(results, "spread", "http", "spread", "pgbench", "HTTP / pgbench, spread");
        ratio(results, "hot", "http", "hot", "pgbench", "HTTP / pgbench, hot house:cash");
        ratio(results, "hot", "http", "spread", "http", "hot / spread, HTTP");
        System.out.printf("ledger after the run: %s (%d transactions checked)%n",
                balanced ? "balanced" : "DISCREPANCIES FOUND", transactions);
    }

    private static void ratio(List<Result> results, String s1, String p1, String s2, String p2, String label) {
        Optional<Result> a = find(results, s1, p1);
        Optional<Result> b = find(results, s2, p2);
        if (a.isPresent() && b.isPresent()) {
            System.out.printf(Locale.ROOT, "%s: %.2f×%n", label, a.get().perSecond() / b.get().perSecond());
        }
    }

    private static Optional<Result> find(List<Result> results, String scenario, String path) {
        return results.stream().filter(r -> r.scenario().equals(scenario) && r.path().equals(path)).findFirst();
    }
}
