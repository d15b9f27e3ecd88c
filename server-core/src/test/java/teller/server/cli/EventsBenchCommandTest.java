package teller.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import teller.server.Main;

/**
 * The live-event benchmark on small numbers: correctness of the fan-out only (every client gets
 * every event once, in outbox order); its timings are figures for docs/benchmarks.md, never asserted.
 */
class EventsBenchCommandTest {

    @Test
    void everyClientReceivesEveryEventExactlyOnceAndInOrder() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("events-bench", "--clients", "5", "--events", "50", "--rate", "250",
                "--seconds", "120");

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("| clients | events |", "every client received every event once, in order: yes");
        EventsBenchCommand bench = commandLine.getSubcommands().get("events-bench").getCommand();
        EventsBenchCommand.Outcome outcome = bench.lastOutcome;
        long[] expected = outcome.expected().stream().mapToLong(Long::longValue).toArray();
        // 25 deposits, each ORDER_CREATED and WALLET_LOAD_REQUESTED; a background worker's bookkeeping event
        // (ALERT_CHANGED, PROVIDER_STATE_CHANGED) may join them in the outbox, and every client must get it too.
        assertThat(expected.length).isBetween(50, 50 + 2);
        for (int i = 1; i < expected.length; i++) {
            assertThat(expected[i]).isGreaterThan(expected[i - 1]);
        }
        assertThat(outcome.received()).hasSize(5);
        for (long[] client : outcome.received()) {
            assertThat(client).as(Arrays.toString(client)).containsExactly(expected);
        }
        assertThat(outcome.droppedClients()).isZero();
        assertThat(outcome.timedOut()).isFalse();
    }

    @Test
    void refusesOptionsOutsideItsBounds() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(Map.of());
        commandLine.setErr(new PrintWriter(err, true));

        assertThat(commandLine.execute("events-bench", "--clients", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--clients must be 1..");
    }
}
