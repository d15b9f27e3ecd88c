package teller.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import teller.server.Main;

/**
 * The approval benchmark on a tiny run: the shape of its JSON and that the load generator ran as a
 * process of its own. Its timings are figures for docs/benchmarks.md (a quiet machine), never asserted.
 */
class BenchCommandTest {

    @Test
    void aTinyRunWritesEveryScenarioAsJsonWithTheLoadGeneratorInItsOwnProcess(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(Map.of());
        commandLine.setErr(new PrintWriter(err, true));
        boolean pgbench = Pgbench.find().isPresent();
        List<String> args = new ArrayList<>(List.of("bench", "--clients", "2", "--orders", "4", "--warmup", "0",
                "--scenario", "all", "--json", json.toString()));
        if (!pgbench) {
            args.add("--no-pgbench");
        }

        int exit = commandLine.execute(args.toArray(String[]::new));

        assertThat(exit).as(err.toString()).isZero();
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        for (String scenario : List.of("spread", "hot")) {
            JsonNode http = root.at("/scenarios/" + scenario + "/http");
            assertThat(http.path("approvalsPerSecond").isNumber()).as(scenario + ": " + http).isTrue();
            assertThat(http.path("p50Ms").isNumber()).as(scenario + ": " + http).isTrue();
            assertThat(http.path("p99Ms").isNumber()).as(scenario + ": " + http).isTrue();
            assertThat(http.path("requests").asInt()).isEqualTo(4);
            assertThat(http.path("errors").asInt()).as(scenario + ": " + http).isZero();
            if (pgbench) {
                JsonNode viaPgbench = root.at("/scenarios/" + scenario + "/pgbench");
                assertThat(viaPgbench.path("approvalsPerSecond").isNumber()).as(viaPgbench.toString()).isTrue();
                // p99 comes from pgbench's per-transaction log, not its average.
                assertThat(viaPgbench.path("p99Ms").isNumber()).as(viaPgbench.toString()).isTrue();
                assertThat(viaPgbench.path("p50Ms").isNumber()).as(viaPgbench.toString()).isTrue();
            }
            // Latency at half the HTTP maximum: both sides open loop at the same rate.
            JsonNode halfRate = root.at("/scenarios/" + scenario + "/httpHalfRate");
            assertThat(halfRate.path("p99Ms").isNumber()).as(scenario + ": " + halfRate).isTrue();
            assertThat(halfRate.path("requests").asInt()).isEqualTo(4);
            assertThat(halfRate.path("errors").asInt()).as(scenario + ": " + halfRate).isZero();
            double rate = halfRate.path("targetRate").asDouble();
            assertThat(rate).as(scenario + ": half of the maximum")
                    .isCloseTo(http.path("approvalsPerSecond").asDouble() / 2, org.assertj.core.data.Offset.offset(0.01));
            if (pgbench) {
                JsonNode pgbenchHalfRate = root.at("/scenarios/" + scenario + "/pgbenchHalfRate");
                assertThat(pgbenchHalfRate.path("p99Ms").isNumber()).as(pgbenchHalfRate.toString()).isTrue();
                assertThat(pgbenchHalfRate.path("targetRate").asDouble()).isCloseTo(rate,
                        org.assertj.core.data.Offset.offset(0.01));
                assertThat(root.at("/ratios/" + scenario + "P99HalfRateHttpOverPgbench").isNumber())
                        .as(root.path("ratios").toString()).isTrue();
            }
        }
        JsonNode intake = root.at("/scenarios/intake/http");
        assertThat(intake.path("ordersPerSecond").isNumber()).as(intake.toString()).isTrue();
        assertThat(intake.path("p99Ms").isNumber()).as(intake.toString()).isTrue();
        assertThat(intake.path("errors").asInt()).as(intake.toString()).isZero();
        assertThat(root.at("/ratios/intakeOverSpreadApprovals").isNumber()).isTrue();
        assertThat(root.path("ledgerBalanced").asBoolean()).isTrue();

        long self = ProcessHandle.current().pid();
        assertThat(root.at("/processes/server").asLong()).as("the server ran in the bench command's process").isEqualTo(self);
        JsonNode loaders = root.at("/processes/loadGenerators");
        // Per approval scenario a run at the maximum and one at half of it, one for intake (no
        // warm-up asked for), each a child JVM.
        assertThat(loaders.size()).isEqualTo(5);
        loaders.forEach(pid -> assertThat(pid.asLong()).as("a load generator's own process").isPositive().isNotEqualTo(self));
        assertThat(Files.size(json)).isPositive();
    }

    /** The diagnosis flags run on a tiny run (what they print is for docs/benchmarks.md, never asserted). */
    @Test
    void aTinyRunWithTheDatabaseCountersAndTheWireTraceInTheOrderAsked(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(Map.of());
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("bench", "--clients", "2", "--orders", "4", "--warmup", "0", "--scenario",
                "hot,spread", "--no-pgbench", "--db-counters", "--wire-trace", "--json", json.toString());

        assertThat(exit).as(err.toString()).isZero();
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.at("/scenarios/hot/http/requests").asInt()).isEqualTo(4);
        assertThat(root.at("/scenarios/spread/http/requests").asInt()).isEqualTo(4);
        assertThat(DbCounters.group("qtp1483050851-70")).isEqualTo("qtp#-#");
    }
}
