package teller.server.cli;

import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import teller.server.ServerCore;
import teller.server.common.Actor;
import teller.server.config.RateLimitSettings;
import teller.server.db.PgLedger;
import teller.server.orders.IntakeRequest;

/**
 * Measures deposit approvals end to end: C concurrent HTTP clients approve N pending deposits on a
 * fresh embedded database, and pgbench runs the same approve transaction (the one-round-trip SQL
 * function) on the same database for comparison. Two scenarios: orders spread over many players and
 * several currencies (no shared house account), and every approval hitting the one
 * {@code house:cash} account (the hot case).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark deposit approvals over HTTP against pgbench on a fresh embedded database.")
public final class BenchCommand implements Callable<Integer> {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final String BENCH_USER = "bench";
    private static final long DEPOSIT_MINOR = 2_500;
    private static final int SEED_THREADS = 8;
    private static final Duration SETTLE_MAX = Duration.ofSeconds(180);
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

    @Option(names = "--scenario", defaultValue = "both",
            description = "spread, hot, both, or player-search (GET /players over --players players) (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--pgbench", paramLabel = "PATH",
            description = "pgbench executable (default: found on PATH or under /usr/lib/postgresql).")
    Path pgbench;

    @Option(names = "--no-pgbench", description = "Skip the pgbench comparison.")
    boolean noPgbench;

    @Option(names = "--without-idempotency-key",
            description = "Send approvals without an Idempotency-Key (shows what the replay bookkeeping costs).")
    boolean withoutIdempotencyKey;

    @Option(names = "--batch-size-max", description = "Group-commit batch size (default: the server's).")
    Integer batchSizeMax;

    private enum Scenario {
        SPREAD, HOT;

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

    @Override
    public Integer call() throws Exception {
        if ("player-search".equalsIgnoreCase(scenario)) {
            return PlayerSearchBench.run(players, searches, System.out);
        }
        if (clients < 1 || orders < clients || warmup < 0) {
            System.err.println("--clients must be >= 1, --orders >= --clients and --warmup >= 0");
            return 2;
        }
        List<Scenario> scenarios = switch (scenario.toLowerCase(Locale.ROOT)) {
            case "spread" -> List.of(Scenario.SPREAD);
            case "hot" -> List.of(Scenario.HOT);
            case "both" -> List.of(Scenario.SPREAD, Scenario.HOT);
            default -> null;
        };
        if (scenarios == null) {
            System.err.println("--scenario must be spread, hot or both");
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
            System.out.printf("server-core %s on %s, embedded PostgreSQL on port %d; %d clients, %d approvals per run%n",
                    ServerCore.VERSION, server.baseUrl(), server.embeddedDatabasePort().orElse(-1), clients, orders);
            OkHttpClient http = BenchServer.httpClient(clients * 2).callTimeout(Duration.ofSeconds(60)).build();
            try {
                String token = bench.adminToken(http);
                for (Scenario s : scenarios) {
                    String name = s.name().toLowerCase(Locale.ROOT);
                    List<Long> warm = seed(server, s, "warm-" + name, warmup);
                    List<Long> measured = seed(server, s, "http-" + name, orders);
                    List<Long> viaPgbench = pgbenchPath.isPresent() ? seed(server, s, "pg-" + name, orders) : List.of();
                    int port = server.embeddedDatabasePort().orElseThrow();
                    settle(server);
                    approveOverHttp(http, server.baseUrl(), token, warm, name + " warm-up");
                    settle(server);
                    results.add(approveOverHttp(http, server.baseUrl(), token, measured, name));
                    if (pgbenchPath.isPresent()) {
                        settle(server);
                        results.add(Pgbench.run(pgbenchPath.get(), port, server.database().dataSource(), viaPgbench, name, clients));
                    }
                }
            } finally {
                BenchServer.stop(http);
            }
            var tx = server.services().tx();
            var verification = tx.inTransaction(new PgLedger(tx)::verify);
            BenchResults.report(results, clients, verification.balanced(), verification.transactionsChecked());
            return verification.balanced() && results.stream().allMatch(r -> r.errors() == 0) ? 0 : 1;
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

    private BenchResults.Result approveOverHttp(OkHttpClient http, String baseUrl, String token, List<Long> ids, String label)
            throws Exception {
        long[] latencies = new long[ids.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong firstError = new AtomicLong(-1);
        double[] before = batchCounters(http, baseUrl);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < ids.size(); i = next.getAndIncrement()) {
                        Request.Builder request = new Request.Builder()
                                .url(baseUrl + "/api/v1/orders/" + ids.get(i) + "/approve")
                                .header("Authorization", "Bearer " + token).post(RequestBody.create("{}", JSON));
                        if (!withoutIdempotencyKey) {
                            request.header("Idempotency-Key", "bench-approve-" + ids.get(i));
                        }
                        long t0 = System.nanoTime();
                        try (Response response = http.newCall(request.build()).execute()) {
                            String body = response.body().string();
                            latencies[i] = System.nanoTime() - t0;
                            if (response.code() != 200 || !body.contains("\"APPROVED_EXECUTED\"")) {
                                errors.incrementAndGet();
                                if (firstError.compareAndSet(-1, i)) {
                                    System.err.println("approve " + ids.get(i) + " -> " + response.code() + " " + body);
                                }
                            }
                        }
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
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] after = batchCounters(http, baseUrl);
        double batches = after[0] - before[0];
        double meanBatch = batches > 0 ? (after[1] - before[1]) / batches : Double.NaN;
        Arrays.sort(latencies);
        var result = new BenchResults.Result(label, "http", ids.size(), errors.get(), seconds, BenchServer.percentileMillis(latencies, 0.50),
                BenchServer.percentileMillis(latencies, 0.99), meanBatch);
        BenchResults.print(result);
        return result;
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
