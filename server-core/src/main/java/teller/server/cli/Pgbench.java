package teller.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
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

    private Pgbench() {
    }

    /**
     * The same approval as one SQL call per transaction: the function the group commit calls, here
     * with one order at a time. Each client takes the next queued order id from a sequence.
     */
    static BenchResults.Result run(Path executable, int port, DataSource dataSource, List<Long> ids, String label, int clients)
            throws IOException, SQLException, InterruptedException {
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
        List<String> command = List.of(executable.toString(), "-n", "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-U", EmbeddedPostgres.USER, "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 4)),
                "-t", String.valueOf(perClient), "-f", script.toString(), EmbeddedPostgres.DATABASE);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        Files.deleteIfExists(script);
        Matcher tps = TPS.matcher(output);
        Matcher latency = LATENCY.matcher(output);
        if (exit != 0 || !tps.find()) {
            System.err.println(output);
            throw new IOException("pgbench failed with exit code " + exit);
        }
        double perSecond = Double.parseDouble(tps.group(1));
        double meanLatency = latency.find() ? Double.parseDouble(latency.group(1)) : Double.NaN;
        int done = perClient * clients;
        var result = new BenchResults.Result(label, "pgbench", done, 0, done / perSecond, meanLatency, Double.NaN, 1);
        BenchResults.print(result);
        return result;
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
