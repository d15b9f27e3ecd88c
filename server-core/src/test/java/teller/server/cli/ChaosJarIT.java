package teller.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The short chaos run that is part of {@code ./teller test}: the packaged jar's {@code chaos}
 * command with 2 short rounds (one SIGKILL of the server, one of PostgreSQL alone, a provider fault
 * in each), bounded in time; every property must hold (exit 0, no anomaly).
 */
class ChaosJarIT {
    /** Two rounds of 5-10 s, three server starts on a busy machine, recovery and checks. */
    private static final Duration RUN_MAX = Duration.ofMinutes(12);

    @Test
    void shortChaosRunFindsNoAnomaly() throws Exception {
        Path jar = Path.of(System.getProperty(ServeJarIT.JAR_PROPERTY, "target/teller-server-core.jar"));
        Path output = Files.createTempFile("teller-chaos-it", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process chaos = new ProcessBuilder(List.of(java, "-Xmx384m", "-jar", jar.toString(), "chaos", "--rounds", "2",
                "--clients", "3", "--kill-after-min-seconds", "5", "--kill-after-max-seconds", "10",
                "--postgres-kill-every", "2", "--provider-fault-every", "1"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = chaos.waitFor(RUN_MAX.toMinutes(), TimeUnit.MINUTES);
        if (!finished) {
            chaos.destroy();
            chaos.waitFor(60, TimeUnit.SECONDS);
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        String summary = String.join("\n", log.lines().filter(l -> !l.matches("^\\d\\d:\\d\\d:\\d\\d.*")).toList());

        assertThat(finished).as("finished within %s:\n%s", RUN_MAX, summary).isTrue();
        assertThat(chaos.exitValue()).as(summary).isZero();
        assertThat(summary).contains("chaos seed").contains("anomalies                                    0")
                .contains("round  1: SIGKILL server").contains("round  2: SIGKILL PostgreSQL")
                .contains("ledger: balanced").contains("audit:  intact");
    }
}
