package teller.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import teller.server.Main;
import teller.server.ServerCore;
import teller.server.common.Actor;
import teller.server.config.RateLimitSettings;
import teller.server.db.PgLedger;
import teller.server.orders.IntakeRequest;

/**
 * Measures deposit approvals end to end: C concurrent HTTP clients approve N pending deposits on a
 * fresh embedded database, and pgbench runs the same approve transaction (the one-round-trip SQL
 * function) on the same database for comparison. Three scenarios: orders spread over many players and
 * several currencies (no shared house account), every approval hitting the one {@code house:cash}
 * account (the hot case), and order intake (idempotency, limit screen, fraud scoring) to compare
 * with the approval figure. After each approval scenario's runs at the maximum rate, HTTP and pgbench
 * run again open loop at half the HTTP maximum, for the latency at that rate. The HTTP clients run in a child JVM ({@link BenchLoadCommand}), so this
 * process holds the server alone; {@code --json} writes the figures per scenario.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark deposit approvals over HTTP against pgbench on a fresh embedded database.")
public final class BenchCommand implements Callable<Integer> {
    private static final String BENCH_USER = "bench";
    private static final long DEPOSIT_MINOR = 2_500;
    private static final int SEED_THREADS = 8;
    private static final Duration SETTLE_MAX = Duration.ofSeconds(180);
    private static final Duration LOAD_RUN_MAX = Duration.ofMinutes(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long SETTLE_POLL_MILLIS = 250;
    private static final String[] SPREAD_CURRENCIES = {"USD", "EUR", "GBP", "CAD", "AUD", "JPY", "CHF", "SEK"};
    private static final Pattern COUNTER = Pattern.compile("^(teller_deposit_batch[a-z_]*_total)\\S* ([0-9.E+]+)$",
            Pattern.MULTILINE);

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--orders", defaultValue = "4000",
            description = "Approvals measured per scenario and path (default ${DEFAULT-VALUE}).")
    int orders;

    @Option(names = "--warmup", defaultValue = "2000",
            description = "Approvals before measuring, not counted (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--scenario", defaultValue = "all",
            description = "spread, hot, both (spread and hot), intake, all, a comma-separated order (e.g. hot,spread), "
                    + "or player-search (GET /players over --players players) (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures of every scenario to FILE as JSON.")
    Path json;

    @Option(names = "--load-cpus", paramLabel = "LIST",
            description = "Pin the load generator's JVM to these CPUs with taskset (e.g. 1); default: not pinned.")
    String loadCpus;

    @Option(names = "--pgbench", paramLabel = "PATH",
            description = "pgbench executable (default: found on PATH or under /usr/lib/postgresql).")
    Path pgbench;

    @Option(names = "--no-pgbench", description = "Skip the pgbench comparison.")
    boolean noPgbench;

    @Option(names = "--without-idempotency-key",
            description = "Send approvals without an Idempotency-Key (shows what the replay bookkeeping costs).")
    boolean withoutIdempotencyKey;

    @Option(names = "--db-counters",
            description = "Diagnosis: print per request the CPU of the server and the database, transactions, WAL, "
                    + "rows written and sampled database waits of each measured run (not for figures).")
    boolean dbCounters;

    @Option(names = "--wire-trace",
            description = "With --db-counters: also count the driver's round trips and statements by server thread "
                    + "group (traces the PostgreSQL protocol: costs the server CPU).")
    boolean wireTrace;

    @Option(names = "--batch-size-max", description = "Group-commit batch size (default: the server's).")
    Integer batchSizeMax;

    enum Scenario {
        SPREAD, HOT, INTAKE;

        String currency(int i) {
            return this == HOT ? "USD" : SPREAD_CURRENCIES[i % SPREAD_CURRENCIES.length];
        }
    }

    @Option(names = "--players", defaultValue = "1000000",
            description = "player-search: players loaded (default ${DEFAULT-VALUE}).")
    int players;

    @Option(names = "--searches", defaultValue = "1000",
            description = "player-search: searches timed of each kind (default ${DEFAULT-VALUE}).")
    int searches;

    private DbCounters counters;

    /** The load generators' process ids, one per run (each run is its own child JVM). */
    final List<Long> loadGeneratorPids = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if ("player-search".equalsIgnoreCase(scenario)) {
            return PlayerSearchBench.run(players, searches, System.out);
        }
        if (clients < 1 || orders < clients || warmup < 0) {
            System.err.println("--clients must be >= 1, --orders >= --clients and --warmup >= 0");
            return 2;
        }
        List<Scenario> scenarios = scenarios(scenario);
        if (scenarios == null) {
            System.err.println("--scenario must be spread, hot, both, intake, all, a comma-separated order of spread, "
                    + "hot and intake (e.g. hot,spread), or player-search");
            return 2;
        }
        Optional<Path> pgbenchPath = noPgbench ? Optional.empty() : Pgbench.find();
        if (!noPgbench && pgbenchPath.isEmpty()) {
            System.err.println("pgbench not found (install postgresql-contrib or pass --pgbench); measuring HTTP only");
        }

        List<BenchResults.Result> results = new ArrayList<>();
        try (BenchServer bench = BenchServer.start("bench", System.getenv(), builder -> {
            builder.httpThreadsMax(Math.max(64, clients * 4)).databasePoolSizeMax(Math.max(20, clients + 8))
                    // One token drives all the load here on purpose; the per-token limit would measure itself.
                    .rateLimits(new RateLimitSettings(0, 1, 0, 1));
            if (batchSizeMax != null) {
                builder.approvalBatching(batchSizeMax, 2);
            }
        })) {
            ServerCore server = bench.core();
            counters = dbCounters ? new DbCounters(server.database().dataSource(), wireTrace) : null;
            System.out.printf("server-core %s on %s, embedded PostgreSQL on port %d; %d clients, %d approvals per run%n",
                    ServerCore.VERSION, server.baseUrl(), server.embeddedDatabasePort().orElse(-1), clients, orders);
            OkHttpClient http = BenchServer.httpClient(clients * 2).callTimeout(Duration.ofSeconds(60)).build();
            try {
                String token = bench.adminToken(http);
                for (Scenario s : scenarios) {
                    String name = s.name().toLowerCase(Locale.ROOT);
                    if (s == Scenario.INTAKE) {
                        List<String> warm = seedPlayers(server, s, "warm-" + name, warmup);
                        List<String> measured = seedPlayers(server, s, "http-" + name, orders);
                        settle(server);
                        runLoad(http, server.baseUrl(), token, BenchLoadCommand.INTAKE, warm, name + " warm-up");
                        settle(server);
                        results.add(runLoad(http, server.baseUrl(), token, BenchLoadCommand.INTAKE, measured, name));
                        continue;
                    }
                    List<Long> warm = seed(server, s, "warm-" + name, warmup);
                    List<Long> measured = seed(server, s, "http-" + name, orders);
                    List<Long> viaPgbench = pgbenchPath.isPresent() ? seed(server, s, "pg-" + name, orders) : List.of();
                    List<Long> atHalfRate = seed(server, s, "rate-" + name, orders);
                    List<Long> viaPgbenchAtHalfRate = pgbenchPath.isPresent() ? seed(server, s, "pgrate-" + name, orders)
                            : List.of();
                    int port = server.embeddedDatabasePort().orElseThrow();
                    settle(server);
                    runLoad(http, server.baseUrl(), token, BenchLoadCommand.APPROVE, strings(warm), name + " warm-up");
                    settle(server);
                    BenchResults.Result max = runLoad(http, server.baseUrl(), token, BenchLoadCommand.APPROVE,
                            strings(measured), name);
                    results.add(max);
                    if (pgbenchPath.isPresent()) {
                        settle(server);
                        results.add(Pgbench.run(pgbenchPath.get(), port, server.database().dataSource(), viaPgbench, name, clients));
                    }
                    // Latency at half the maximum: both sides open loop at half what HTTP reached above.
                    double halfRate = max.perSecond() / 2;
                    settle(server);
                    results.add(runLoad(http, server.baseUrl(), token, BenchLoadCommand.APPROVE, strings(atHalfRate),
                            name, BenchResults.HTTP_HALF_RATE, halfRate));
                    if (pgbenchPath.isPresent()) {
                        settle(server);
                        results.add(Pgbench.run(pgbenchPath.get(), port, server.database().dataSource(),
                                viaPgbenchAtHalfRate, name, clients, halfRate));
                    }
                }
            } finally {
                BenchServer.stop(http);
            }
            var tx = server.services().tx();
            var verification = tx.inTransaction(new PgLedger(tx)::verify);
            BenchResults.report(results, clients, verification.balanced(), verification.transactionsChecked());
            if (json != null) {
                BenchResults.writeJson(json, results, clients, orders, ProcessHandle.current().pid(), loadGeneratorPids,
                        loadCpus, verification.balanced());
                System.out.println("figures written to " + json);
            }
            return verification.balanced() && results.stream().allMatch(r -> r.errors() == 0) ? 0 : 1;
        }
    }

    /**
     * The scenarios in the order they run: a name, or a comma-separated list of spread, hot and intake
     * in the order asked for (each at most once), so that whether running first matters can be seen
     * in one sitting (hot,spread against the default spread,hot).
     */
    static List<Scenario> scenarios(String asked) {
        String name = asked.toLowerCase(Locale.ROOT);
        switch (name) {
            case "both" -> {
                return List.of(Scenario.SPREAD, Scenario.HOT);
            }
            case "all" -> {
                return List.of(Scenario.SPREAD, Scenario.HOT, Scenario.INTAKE);
            }
            default -> {
                List<Scenario> listed = new ArrayList<>();
                for (String part : name.split(",", -1)) {
                    Scenario s = switch (part.trim()) {
                        case "spread" -> Scenario.SPREAD;
                        case "hot" -> Scenario.HOT;
                        case "intake" -> Scenario.INTAKE;
                        default -> null;
                    };
                    if (s == null || listed.contains(s)) {
                        return null;
                    }
                    listed.add(s);
                }
                return List.copyOf(listed);
            }
        }
    }

    /** Registers one player per order (the wallet is never shared) and submits one pending deposit each. */
    private List<Long> seed(ServerCore server, Scenario s, String prefix, int count) throws Exception {
        var services = server.services();
        Actor seeder = Actor.system(BENCH_USER);
        Long[] ids = new Long[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(SEED_THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < SEED_THREADS; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        String playerId = prefix + "-" + i;
                        services.players().register(playerId, playerId, s.currency(i), seeder);
                        var order = services.intake().submit(new IntakeRequest("DEPOSIT", playerId, DEPOSIT_MINOR,
                                s.currency(i), null, "CARD", "API", null, null), prefix + ":" + i, seeder);
                        ids[i] = order.order().id();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return Arrays.asList(ids);
    }

    /** Registers one player per order to come (intake scenario); each line is {@code playerId,currency}. */
    private List<String> seedPlayers(ServerCore server, Scenario s, String prefix, int count) throws Exception {
        var services = server.services();
        Actor seeder = Actor.system(BENCH_USER);
        String[] lines = new String[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(SEED_THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < SEED_THREADS; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        String playerId = prefix + "-" + i;
                        services.players().register(playerId, playerId, SPREAD_CURRENCIES[i % SPREAD_CURRENCIES.length],
                                seeder);
                        lines[i] = playerId + "," + SPREAD_CURRENCIES[i % SPREAD_CURRENCIES.length];
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return Arrays.asList(lines);
    }

    private static List<String> strings(List<Long> ids) {
        return ids.stream().map(String::valueOf).toList();
    }

    /**
     * One measured run by the load generator in a child JVM of this jar ({@link BenchLoadCommand}),
     * so this process, the server's, does not pay for the clients' work. An empty run is skipped.
     */
    private BenchResults.Result runLoad(OkHttpClient http, String baseUrl, String token, String mode, List<String> work,
                                        String label) throws Exception {
        return runLoad(http, baseUrl, token, mode, work, label, "http", 0);
    }

    /** {@code rate} &gt; 0: open loop at that many requests per second ({@link BenchLoadCommand}'s {@code --rate}). */
    private BenchResults.Result runLoad(OkHttpClient http, String baseUrl, String token, String mode, List<String> work,
                                        String label, String path, double rate) throws Exception {
        if (work.isEmpty()) {
            return null;
        }
        Path workFile = Files.createTempFile("teller-bench-work", ".txt");
        Path outFile = Files.createTempFile("teller-bench-result", ".json");
        try {
            Files.write(workFile, work);
            List<String> command = new ArrayList<>();
            if (loadCpus != null) {
                command.addAll(List.of("taskset", "-c", loadCpus));
            }
            command.add(ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench-load",
                    "--base-url", baseUrl, "--token", token, "--clients", String.valueOf(clients), "--mode", mode,
                    "--work", workFile.toString(), "--out", outFile.toString(), "--label", label));
            if (withoutIdempotencyKey) {
                command.add("--without-idempotency-key");
            }
            if (rate > 0) {
                command.addAll(List.of("--rate", String.format(Locale.ROOT, "%.3f", rate)));
            }
            DbCounters counters = dbCounters && !label.endsWith("warm-up") ? this.counters : null;
            if (counters != null) {
                counters.start();
            }
            double[] before = batchCounters(http, baseUrl);
            Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!child.waitFor(LOAD_RUN_MAX.toSeconds(), TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new IOException("the load generator did not finish " + label + " within " + LOAD_RUN_MAX);
            }
            if (child.exitValue() != 0) {
                throw new IOException("the load generator failed on " + label + " with exit code " + child.exitValue());
            }
            double[] after = batchCounters(http, baseUrl);
            JsonNode out = MAPPER.readTree(outFile.toFile());
            loadGeneratorPids.add(out.path("pid").asLong());
            double batches = after[0] - before[0];
            double meanBatch = mode.equals(BenchLoadCommand.APPROVE) && batches > 0
                    ? (after[1] - before[1]) / batches : Double.NaN;
            var result = new BenchResults.Result(label, path, out.path("requests").asInt(), out.path("errors").asInt(),
                    out.path("seconds").asDouble(), out.path("p50Ms").asDouble(), out.path("p99Ms").asDouble(), meanBatch,
                    rate > 0 ? rate : Double.NaN);
            BenchResults.print(result);
            if (counters != null) {
                counters.report(label + " " + path, result.approvals());
            }
            return result;
        } finally {
            Files.deleteIfExists(workFile);
            Files.deleteIfExists(outFile);
        }
    }

    /**
     * Refreshes planner statistics and waits until the background workers have caught up with what
     * the previous phase wrote (audit rows sealed, report rollups folded), so no phase is measured
     * while paying for another's work.
     */
    private static void settle(ServerCore server) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE_MAX.toNanos();
        try (var conn = server.database().dataSource().getConnection(); var st = conn.createStatement()) {
            // A fresh database has no planner statistics until autovacuum gets to it, which made
            // whichever phase ran first look slow; a running system has them.
            st.execute("ANALYZE");
            while (System.nanoTime() < deadline) {
                try (var rs = st.executeQuery("SELECT count(*) FROM audit_log WHERE chain_seq IS NULL")) {
                    rs.next();
                    if (rs.getLong(1) == 0 && server.services().reports().rollupCaughtUp()) {
                        return;
                    }
                }
                Thread.sleep(SETTLE_POLL_MILLIS);
            }
        }
        System.err.println("background work had not caught up after " + SETTLE_MAX.toSeconds() + " s; measuring anyway");
    }

    /** {@code [batches, approvals]} so far, from the server's own /metrics. */
    private static double[] batchCounters(OkHttpClient http, String baseUrl) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url(baseUrl + "/metrics").build()).execute()) {
            String text = response.body().string();
            double[] values = new double[2];
            Matcher m = COUNTER.matcher(text);
            while (m.find()) {
                values[m.group(1).contains("approvals") ? 1 : 0] = Double.parseDouble(m.group(2));
            }
            return values;
        }
    }
}
