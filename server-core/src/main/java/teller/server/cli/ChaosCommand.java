package teller.server.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import teller.server.chaos.ChaosRun;

@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Crash workload (Jepsen's bank test against Teller's own API): server-core on its own embedded "
                + "database with fake providers, several retrying clients, SIGKILLs of the server or its PostgreSQL "
                + "and provider faults; then checks that nothing acknowledged was lost, money is conserved and nothing "
                + "executed twice. Exits 1 on any anomaly. Results: docs/reliability.md.")
public final class ChaosCommand implements Callable<Integer> {
    static final int ROUNDS_MAX = 1_000;
    static final int CLIENTS_MAX = 32;

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "20", description = "Kill rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seed", description = "The nemesis's and the clients' random seed (default: a new one, printed).")
    Long seed;

    @Option(names = "--clients", defaultValue = "4", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--kill-after-min-seconds", defaultValue = "15", description = "Shortest round (default ${DEFAULT-VALUE}).")
    int killAfterMinSeconds;

    @Option(names = "--kill-after-max-seconds", defaultValue = "45", description = "Longest round (default ${DEFAULT-VALUE}).")
    int killAfterMaxSeconds;

    @Option(names = "--postgres-kill-every", defaultValue = "4",
            description = "Every Nth round kills PostgreSQL alone instead of the server (default ${DEFAULT-VALUE}).")
    int postgresKillEvery;

    @Option(names = "--provider-fault-every", defaultValue = "3",
            description = "Every Nth round a provider times out or answers 5xx for a while (default ${DEFAULT-VALUE}).")
    int providerFaultEvery;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "A new, empty directory for the server's data (default: a temporary one, removed after a clean run).")
    Path dataDirectory;

    @Option(names = "--keep-data-dir", description = "Keep the data directory after a clean run too.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String problem = problem();
        if (problem != null) {
            err.println(problem + "; nothing run");
            return 2;
        }
        Path data = dataDirectory != null ? dataDirectory.toAbsolutePath() : Files.createTempDirectory("teller-chaos");
        var plan = new ChaosRun.Plan(seed != null ? seed : ChaosRun.newSeed(), rounds, clients, killAfterMinSeconds,
                killAfterMaxSeconds, postgresKillEvery, providerFaultEvery, data);
        boolean clean = new ChaosRun(plan, spec.commandLine().getOut()).run();
        if (clean && !keep) {
            BenchServer.deleteTree(data);
        } else {
            spec.commandLine().getOut().println("data directory kept: " + data);
        }
        return clean ? 0 : 1;
    }

    private String problem() throws java.io.IOException {
        if (rounds < 1 || rounds > ROUNDS_MAX) {
            return "--rounds must be 1-" + ROUNDS_MAX;
        }
        if (clients < 1 || clients > CLIENTS_MAX) {
            return "--clients must be 1-" + CLIENTS_MAX;
        }
        if (killAfterMinSeconds < 1 || killAfterMaxSeconds < killAfterMinSeconds) {
            return "--kill-after-min-seconds must be at least 1 and --kill-after-max-seconds at least as long";
        }
        if (postgresKillEvery < 1 || providerFaultEvery < 1) {
            return "--postgres-kill-every and --provider-fault-every must be at least 1";
        }
        if (dataDirectory != null && !ChaosRun.usable(dataDirectory)) {
            return "--data-dir: " + dataDirectory.toAbsolutePath() + " is not a new, empty directory";
        }
        return null;
    }
}
