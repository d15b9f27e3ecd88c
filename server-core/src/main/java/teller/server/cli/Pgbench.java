package teller.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import teller.server.db.EmbeddedPostgres;

/** The {@code bench} command's baseline: PostgreSQL's pgbench running the approve transaction without the server. */
final class Pgbench {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    private static final String LOG_PREFIX = "pgbench_log";

    private Pgbench() {
    }

    /**
     * The same approval as one SQL call per transaction: the function the group commit calls, here
     * with one order at a time. Each client takes the next queued order id from a sequence.
     */
    static BenchResults.Result run(Path executable, int port, DataSource dataSource, List<Long> ids, String label, int clients)
            throws IOException, SQLException, InterruptedException {
        return run(executable, port, dataSource, ids, label, clients, 0);
    }

    /**
     * With {@code rate} &gt; 0, {@code --rate}: transactions scheduled at that many per second in all
     * (Poisson arrivals), and each logged latency counts from its scheduled start (pgbench adds the
     * schedule lag), as the HTTP side's open-loop phase does.
     */
    static BenchResults.Result run(Path executable, int port, DataSource dataSource, List<Long> ids, String label, int clients,
                                   double rate) throws IOException, SQLException, InterruptedException {
        try (var conn = dataSource.getConnection(); var st = conn.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_queue");
            st.execute("DROP SEQUENCE IF EXISTS bench_queue_seq");
            st.execute("CREATE UNLOGGED TABLE bench_queue (seq bigint PRIMARY KEY, order_id bigint NOT NULL)");
            st.execute("CREATE SEQUENCE bench_queue_seq");
            var insert = conn.prepareStatement("INSERT INTO bench_queue VALUES (?, ?)");
            for (int i = 0; i < ids.size(); i++) {
                insert.setLong(1, i + 1);
                insert.setLong(2, ids.get(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        Path script = Files.createTempFile("teller-approve", ".sql");
        try (var in = BenchCommand.class.getResourceAsStream("/bench/approve-deposit.pgbench.sql")) {
            Files.write(script, in.readAllBytes());
        }
        int perClient = ids.size() / clients;
        // The per-transaction log (one file per pgbench thread) gives the latency percentiles; the
        // summary only has the average.
        Path logDirectory = Files.createTempDirectory("teller-pgbench-log");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-n", "-h", "127.0.0.1", "-p",
                String.valueOf(port), "-U", EmbeddedPostgres.USER, "-c", String.valueOf(clients), "-j",
                String.valueOf(Math.min(clients, 4)), "-t", String.valueOf(perClient), "--log",
                "--log-prefix=" + logDirectory.resolve(LOG_PREFIX), "-f", script.toString()));
        if (rate > 0) {
            command.add("--rate=" + String.format(java.util.Locale.ROOT, "%.3f", rate));
        }
        command.add(EmbeddedPostgres.DATABASE);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        Files.deleteIfExists(script);
        long[] latencies;
        try {
            latencies = transactionLatencies(logDirectory);
        } finally {
            BenchServer.deleteTree(logDirectory);
        }
        Matcher tps = TPS.matcher(output);
        Matcher latency = LATENCY.matcher(output);
        if (exit != 0 || !tps.find()) {
            System.err.println(output);
            throw new IOException("pgbench failed with exit code " + exit);
        }
        double perSecond = Double.parseDouble(tps.group(1));
        int done = perClient * clients;
        if (latencies.length != done) {
            System.err.printf("pgbench logged %d transactions, expected %d (average latency %s ms)%n", latencies.length,
                    done, latency.find() ? latency.group(1) : "?");
        }
        var result = new BenchResults.Result(label, rate > 0 ? BenchResults.PGBENCH_HALF_RATE : "pgbench", done, 0,
                done / perSecond, BenchServer.percentileMillis(latencies, 0.50),
                BenchServer.percentileMillis(latencies, 0.99), 1, rate > 0 ? rate : Double.NaN);
        BenchResults.print(result);
        return result;
    }

    /**
     * Every transaction's latency, in nanoseconds and sorted, from pgbench's per-transaction logs:
     * each line is {@code client_id transaction_no time_us script_no epoch epoch_us [...]}.
     */
    static long[] transactionLatencies(Path logDirectory) throws IOException {
        List<Long> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(logDirectory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(LOG_PREFIX)).toList()) {
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length >= 3 && fields[2].matches("\\d+")) {
                        all.add(Long.parseLong(fields[2]) * 1_000);
                    }
                }
            }
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
        java.util.Arrays.sort(sorted);
        return sorted;
    }

    /** pgbench on the PATH, else the newest under /usr/lib/postgresql (Debian's layout). */
    static Optional<Path> find() throws IOException {
        for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "pgbench");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                return versions.map(v -> v.resolve("bin/pgbench")).filter(Files::isExecutable)
                        .max(Comparator.naturalOrder());
            }
        }
        return Optional.empty();
    }
}
