package teller.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import teller.server.Main;
import teller.server.support.TestPostgres;

/** The report benchmark on a small ledger: its generator writes balanced books and its rollups match. */
class ReportBenchCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Main.commandLine(env);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    @Test
    void aSmallGeneratedLedgerIsBalancedAndItsReportsEqualTheNaiveGroupBy() throws Exception {
        Map<String, String> env = Map.of("DATABASE_URL", TestPostgres.freshDatabase(), "TELLER_DATA_DIR", dir.toString());
        Path table = dir.resolve("bench.md");
        Run bench = run(env, "report-bench", "--entries", "4000", "--players", "25", "--days", "40", "--repeat", "1",
                "--markdown", table.toString());
        assertThat(bench.exitCode()).as(bench.out() + bench.err()).isZero();
        assertThat(bench.out()).contains("generated 2,000 transactions (4,000 entries)", "rollups equal naive GROUP BY: yes",
                "balance-flow", "profit-by-game", "voids", "operations", "daily-summary");
        assertThat(Files.readString(table)).contains("| report | rollups (ms) | naive GROUP BY (ms) | ratio |");

        Run verify = run(env, "verify");
        assertThat(verify.out()).contains("ledger: balanced");

        // A second generation adds to the same books, still balanced and still equal.
        Run again = run(env, "report-bench", "--entries", "2000", "--players", "5", "--days", "3", "--repeat", "1");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(run(env, "verify").out()).contains("ledger: balanced");
    }
}
