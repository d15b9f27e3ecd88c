package teller.server.chaos;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One chaos run (Jepsen's bank test against Teller's own API, issue 15): server-core in a child
 * process on its own embedded database, fake game-load and payout providers over HTTP (one closes
 * idle connections after a second, the other answers HTTP/1.0 and closes every connection), the
 * bank workload from several clients, and a nemesis that every round SIGKILLs the server (or, every
 * few rounds, its PostgreSQL alone) and every few rounds makes a provider time out or answer 5xx.
 * Then it waits for recovery and checks every property ({@link ChaosChecks}).
 */
public final class ChaosRun {
    /** The nemesis's plan, all from the seed. */
    public record Plan(long seed, int rounds, int clients, int killAfterMinSeconds, int killAfterMaxSeconds,
                       int postgresKillEvery, int providerFaultEvery, Path dataDirectory) {
    }

    /** What one round did and how long the server took to be ready again. */
    record Round(int number, String fault, String providerFault, long readyAfterMillis, int ordersSoFar) {
    }

    private static final Duration RECOVERY_MAX = Duration.ofSeconds(180);
    private static final Duration PROVIDER_CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROVIDER_FAULT_LENGTH_MAX = Duration.ofSeconds(6);

    private final Plan plan;
    private final PrintWriter out;
    private final Random nemesis;
    private final List<Round> rounds = new ArrayList<>();
    private final List<String> anomalies = new ArrayList<>();

    public ChaosRun(Plan plan, PrintWriter out) {
        this.plan = plan;
        this.out = out;
        this.nemesis = new Random(plan.seed());
    }

    public static long newSeed() {
        return new SecureRandom().nextLong();
    }

    /** Runs the plan; true when no anomaly was found. */
    public boolean run() throws Exception {
        out.printf("chaos seed %d (repeat with --seed %d): %d rounds, %d clients, kill every %d-%d s, "
                        + "PostgreSQL alone every %d rounds, provider faults every %d rounds, data in %s%n", plan.seed(),
                plan.seed(), plan.rounds(), plan.clients(), plan.killAfterMinSeconds(), plan.killAfterMaxSeconds(),
                plan.postgresKillEvery(), plan.providerFaultEvery(), plan.dataDirectory());
        out.flush();
        String adminPassword = "chaos-" + Long.toHexString(new SecureRandom().nextLong());
        try (ChaosProvider loads = ChaosProvider.start("game-loads", ChaosProvider.ConnectionStyle.KEEP_ALIVE,
                Duration.ofSeconds(1));
             ChaosProvider payouts = ChaosProvider.start("payouts", ChaosProvider.ConnectionStyle.HTTP_1_0_CLOSE,
                     Duration.ofSeconds(30))) {
            loads.timeoutHold(PROVIDER_CALL_TIMEOUT.plusSeconds(1));
            payouts.timeoutHold(PROVIDER_CALL_TIMEOUT.plusSeconds(1));
            ChaosServer server = new ChaosServer(plan.dataDirectory(), freePort(), environment(adminPassword, loads, payouts));
            try {
                server.start();
                var firstStart = server.awaitReady();
                if (firstStart.isEmpty()) {
                    throw new IllegalStateException("server-core did not start; see " + server.log());
                }
                out.printf("server-core ready in %d ms on %s%n", firstStart.get().toMillis(), server.baseUrl());
                ChaosHttp http = new ChaosHttp(server.baseUrl());
                String operator = signIn(http, adminPassword);
                String integration = integrationToken(http, operator);
                ChaosWorkload workload = new ChaosWorkload(http, operator, integration, plan.seed());
                ExecutorService clients = Executors.newFixedThreadPool(plan.clients());
                for (int i = 0; i < plan.clients(); i++) {
                    int index = i;
                    clients.execute(() -> workload.client(index));
                }
                for (int round = 1; round <= plan.rounds() && anomalies.isEmpty(); round++) {
                    round(round, server, workload, loads, payouts);
                }
                workload.stop();
                clients.shutdown();
                if (!clients.awaitTermination(ChaosWorkload.CALL_DEADLINE.toSeconds() + 30, TimeUnit.SECONDS)) {
                    anomalies.add("clients did not finish their calls in time");
                    clients.shutdownNow();
                }
                loads.fault(ChaosProvider.Fault.NONE);
                payouts.fault(ChaosProvider.Fault.NONE);
                check(http, operator, workload, loads, payouts);
            } finally {
                server.close();
            }
            verifyCommand();
        }
        report();
        return anomalies.isEmpty();
    }

    private void round(int number, ChaosServer server, ChaosWorkload workload, ChaosProvider loads, ChaosProvider payouts)
            throws Exception {
        long runMillis = 1_000L * (plan.killAfterMinSeconds()
                + nemesis.nextInt(plan.killAfterMaxSeconds() - plan.killAfterMinSeconds() + 1));
        boolean postgresAlone = number % plan.postgresKillEvery() == 0;
        String providerFault = "-";
        if (number % plan.providerFaultEvery() == 0) {
            ChaosProvider target = nemesis.nextBoolean() ? loads : payouts;
            ChaosProvider.Fault fault = nemesis.nextBoolean() ? ChaosProvider.Fault.TIMEOUT : ChaosProvider.Fault.FAIL_5XX;
            long length = Math.min(PROVIDER_FAULT_LENGTH_MAX.toMillis(), runMillis / 2);
            Thread.sleep(runMillis / 3);
            target.fault(fault);
            Thread.sleep(length);
            target.fault(ChaosProvider.Fault.NONE);
            runMillis -= runMillis / 3 + length;
            providerFault = (target == loads ? "game-load " : "payout ") + fault.name().toLowerCase(java.util.Locale.ROOT)
                    + " " + length / 1000 + " s";
        }
        Thread.sleep(Math.max(0, runMillis));
        long killed = System.nanoTime();
        workload.faultNanos.set(killed);
        if (postgresAlone) {
            server.killPostgres();
        } else {
            server.kill();
            server.start();
        }
        var ready = server.awaitReady();
        if (postgresAlone && ready.isPresent()) {
            // The supervisor notices within a second; until then /health/ready may still say ready.
            Thread.sleep(1_500);
            ready = server.awaitReady().map(d -> Duration.ofNanos(System.nanoTime() - killed));
        }
        long readyAfter = ready.map(d -> Duration.ofNanos(System.nanoTime() - killed).toMillis()).orElse(-1L);
        workload.readyAgainNanos.set(System.nanoTime());
        if (ready.isEmpty()) {
            anomalies.add("round " + number + ": server-core not ready within " + ChaosServer.READY_MAX + " after the "
                    + (postgresAlone ? "PostgreSQL kill" : "kill") + "; see " + server.log());
        }
        Round round = new Round(number, postgresAlone ? "SIGKILL PostgreSQL" : "SIGKILL server", providerFault, readyAfter,
                workload.ordersCreated.get());
        rounds.add(round);
        out.printf("round %2d: %-18s provider fault %-22s ready again after %,6d ms  (%,d orders so far)%n", number,
                round.fault(), providerFault, readyAfter, round.ordersSoFar());
        out.flush();
    }

    private void check(ChaosHttp http, String operator, ChaosWorkload workload, ChaosProvider loads, ChaosProvider payouts)
            throws InterruptedException {
        ChaosChecks checks = new ChaosChecks(http, operator);
        long end = System.nanoTime() + RECOVERY_MAX.toNanos();
        var orders = checks.orders();
        while (orders.values().stream().anyMatch(o -> o.get("status").asText().equals("EXECUTING")) && System.nanoTime() < end) {
            Thread.sleep(1_000);
            orders = checks.orders();
        }
        checks.acknowledgedOutcomesHold(workload.acks, orders);
        checks.noOrderExecuting(orders);
        checks.moneyIsConserved(workload.players(), orders);
        checks.providersExecutedEachOrderAtMostOnce(loads, "GAME_LOAD", orders);
        checks.providersExecutedEachOrderAtMostOnce(payouts, "WITHDRAWAL", orders);
        checks.verifyIsClean();
        anomalies.addAll(workload.anomalies);
        anomalies.addAll(checks.anomalies);
        if (http.internalErrors.get() > 0) {
            anomalies.add(http.internalErrors.get() + " answer(s) were 500: " + http.internalErrorSamples);
        }
        out.println();
        out.printf("%-44s %s%n", "orders created / decided / rejected", workload.ordersCreated.get() + " / "
                + workload.decisions.get() + " / " + workload.rejections.get());
        out.printf("%-44s %d%n", "players", workload.players().size());
        out.printf("%-44s %d%n", "calls sent more than once (same key)", workload.callsResent.get());
        out.printf("%-44s %d%n", "calls never answered", workload.unanswered.get());
        out.printf("%-44s %d ms%n", "slowest answer after ready, to a call cut by a kill",
                Duration.ofNanos(workload.slowestAnswerAfterReadyNanos.get()).toMillis());
        out.printf("%-44s %d%n", "answers 500", http.internalErrors.get());
        checks.figures.forEach((name, value) -> out.printf("%-44s %s%n", name, value));
        out.flush();
    }

    /** The real {@code verify} command on the stopped server's data directory. */
    private void verifyCommand() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process verify = new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                "teller.server.Main", "verify", "--data-dir", plan.dataDirectory().toString())
                .redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = verify.waitFor();
        output.lines().filter(l -> l.startsWith("ledger:") || l.startsWith("audit:"))
                .forEach(l -> out.printf("%-44s %s%n", "verify command", l));
        if (exit != 0) {
            anomalies.add("verify exited " + exit + ":\n" + output);
        }
    }

    private void report() {
        out.println();
        out.printf("%-44s %d server kills, %d PostgreSQL kills, %d provider faults%n", "rounds",
                rounds.stream().filter(r -> r.fault().contains("server")).count(),
                rounds.stream().filter(r -> r.fault().contains("PostgreSQL")).count(),
                rounds.stream().filter(r -> !r.providerFault().equals("-")).count());
        rounds.stream().mapToLong(Round::readyAfterMillis).max().ifPresent(max ->
                out.printf("%-44s %,d ms%n", "slowest restart (kill to ready)", max));
        out.printf("%-44s %d%n", "anomalies", anomalies.size());
        anomalies.forEach(a -> out.println("  ANOMALY: " + a));
        out.printf("seed %d%n", plan.seed());
        out.flush();
    }

    private Map<String, String> environment(String adminPassword, ChaosProvider loads, ChaosProvider payouts) {
        Map<String, String> env = new HashMap<>();
        env.put("TELLER_ADMIN_PASSWORD", adminPassword);
        env.put("GAME_LOAD_API_URL", loads.baseUrl());
        env.put("GAME_LOAD_API_TOKEN", "chaos-provider-token");
        env.put("PAYOUT_API_URL", payouts.baseUrl());
        env.put("PAYOUT_API_TOKEN", "chaos-provider-token");
        env.put("PROVIDER_CALL_TIMEOUT_MS", String.valueOf(PROVIDER_CALL_TIMEOUT.toMillis()));
        env.put("PROVIDER_ATTEMPTS_MAX", "2");
        env.put("EXECUTION_LEASE_SECONDS", "20");
        env.put("RECOVERY_INTERVAL_SECONDS", "2");
        env.put("APPROVE_WAIT_MS", "3000");
        env.put("REFERRAL_REWARDS_ENABLED", "false");
        String mode = System.getenv("TELLER_EMBEDDED_PG_MODE");
        if (mode != null) {
            env.put("TELLER_EMBEDDED_PG_MODE", mode);
        }
        return env;
    }

    private static String signIn(ChaosHttp http, String password) {
        var outcome = http.call("POST", "/api/v1/auth/login", ChaosHttp.body("username", "admin", "password", password), null,
                null, Duration.ofSeconds(60), () -> false);
        if (!outcome.answered() || outcome.answer().status() != 200) {
            throw new IllegalStateException("cannot sign in as admin: " + (outcome.answered() ? outcome.answer().body() : "no answer"));
        }
        return outcome.answer().at("/token");
    }

    private static String integrationToken(ChaosHttp http, String operator) {
        var outcome = http.call("POST", "/api/v1/api-tokens", ChaosHttp.body("name", "chaos-integration", "scopes",
                List.of("orders:create", "orders:read", "players:read", "players:write")), operator, "chaos-token",
                Duration.ofSeconds(60), () -> false);
        if (!outcome.answered() || outcome.answer().status() != 201) {
            throw new IllegalStateException("cannot create the integration's token: "
                    + (outcome.answered() ? outcome.answer().body() : "no answer"));
        }
        return outcome.answer().at("/token");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Whether {@code dir} can hold a new run: absent, or an empty directory. */
    public static boolean usable(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        try (var entries = Files.list(dir)) {
            return Files.isDirectory(dir) && entries.findAny().isEmpty();
        }
    }
}
