package teller.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import teller.server.ServerCore;
import teller.server.auth.Role;
import teller.server.common.Actor;
import teller.server.events.EventStreamSettings;
import teller.server.events.LiveEvents;
import teller.server.orders.IntakeRequest;

/**
 * Measures the live event stream's fan-out: C real SSE clients of {@code GET /api/v1/events/stream}
 * (signed in as enough operators to stay under the per-operator cap) while deposits are submitted
 * through the intake service at a fixed rate, each writing its outbox events in its own transaction
 * as the server does. Per event and client it measures the delay from the commit (the submit
 * returning) to the event's arrival, and it checks that every client received every event after it
 * connected exactly once, in outbox order, and that no client was dropped.
 */
@Command(name = "events-bench", mixinStandardHelpOptions = true,
        description = "Benchmark the live event stream's fan-out to many SSE clients on a fresh embedded database.")
public final class EventsBenchCommand implements Callable<Integer> {
    static final int CLIENTS_MAX = 2_000;
    static final int EVENTS_MAX = 1_000_000;
    /** Outbox events one deposit writes: ORDER_CREATED and WALLET_LOAD_REQUESTED, in one transaction. */
    static final int EVENTS_PER_ORDER = 2;
    static final long DEPOSIT_MINOR = 2_500;
    /** Players the deposits rotate over (a wallet per player; more would only cost set-up time). */
    static final int PLAYERS_MAX = 50;
    private static final String BENCH_USER = "events-bench";

    @Spec
    CommandSpec spec;

    @Option(names = "--clients", defaultValue = "200", description = "SSE clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--events", defaultValue = "5000",
            description = "Outbox events to write, two per deposit (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--rate", defaultValue = "500", description = "Events written per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--writers", defaultValue = "4",
            description = "Threads submitting deposits, so that one slow commit does not hold the rate (default ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--seconds", defaultValue = "300",
            description = "The whole run's time cap; unfinished work then counts as missed (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--poll-millis", description = "The outbox poll interval (default: the server's, EVENT_POLL_INTERVAL_MS).")
    Long pollMillis;

    /** What the last run saw, for the test that checks delivery. */
    volatile Outcome lastOutcome;

    /** Per client, the SSE ids it received between the first and last bench event; {@code expected} is the outbox. */
    record Outcome(List<Long> expected, List<long[]> received, long droppedClients, boolean timedOut) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (clients < 1 || clients > CLIENTS_MAX || events < EVENTS_PER_ORDER || events > EVENTS_MAX || rate < 1
                || writers < 1 || seconds < 1 || (pollMillis != null && pollMillis < 1)) {
            err.println("--clients must be 1.." + CLIENTS_MAX + ", --events " + EVENTS_PER_ORDER + ".." + EVENTS_MAX
                    + "; --rate, --writers, --seconds and --poll-millis at least 1");
            return 2;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        EventStreamSettings shipped = EventStreamSettings.defaults();
        EventStreamSettings settings = shipped.withStreamsMax(Math.max(shipped.streamsMax(), clients));
        if (pollMillis != null) {
            settings = new EventStreamSettings(Duration.ofMillis(pollMillis), settings.heartbeat(), settings.clientQueueMax(),
                    settings.replayMax(), settings.streamsMax(), settings.streamsPerOperatorMax());
        }
        EventStreamSettings chosen = settings;
        // The shipped defaults, not this shell's environment: the figures describe the server as delivered.
        try (BenchServer bench = BenchServer.start("events-bench", Map.of(), b -> b.events(chosen));
             HeapSampler heap = new HeapSampler()) {
            ServerCore server = bench.core();
            int operators = (clients + chosen.streamsPerOperatorMax() - 1) / chosen.streamsPerOperatorMax();
            out.printf(Locale.ROOT, "server-core %s on %s; %d clients as %d operators, %d events at %d/s, poll %d ms%s%n",
                    ServerCore.VERSION, server.baseUrl(), clients, operators, events, rate,
                    chosen.pollInterval().toMillis(), clients > shipped.streamsMax()
                            ? " (EVENT_STREAM_MAX raised to " + clients + " for this run)" : "");
            out.flush();
            // No read timeout: an idle stream is kept open by heartbeats, and the run's own deadline bounds it.
            OkHttpClient http = BenchServer.httpClient(clients + 16).readTimeout(Duration.ZERO).build();
            List<StreamClient> streams = new ArrayList<>();
            try {
                List<String> tokens = signIn(bench, http, operators);
                List<String> players = registerPlayers(server);
                for (int c = 0; c < clients; c++) {
                    streams.add(new StreamClient(http, server.baseUrl(), tokens.get(c / chosen.streamsPerOperatorMax()), c));
                }
                for (StreamClient stream : streams) {
                    if (!stream.awaitConnected(deadline)) {
                        err.println("client " + stream.index() + " did not connect: " + stream.failure());
                        return 1;
                    }
                }
                LiveEvents live = server.services().events();
                long startId = live.position();
                Writes writes = write(server, players, deadline);
                long endId = lastOutboxId(server);
                for (StreamClient stream : streams) {
                    stream.awaitThrough(endId, deadline);
                }
                boolean timedOut = System.nanoTime() >= deadline;
                // Stopped before their records are read: a reader thread owns its arrays while it runs.
                streams.forEach(StreamClient::close);
                List<Long> expected = outboxIds(server, startId, endId);
                List<long[]> received = new ArrayList<>();
                for (StreamClient stream : streams) {
                    received.add(stream.idsBetween(startId, endId));
                }
                Outcome outcome = new Outcome(expected, received, live.droppedClients(), timedOut);
                lastOutcome = outcome;
                out.println("events by type: " + typeCounts(server, startId, endId));
                return report(out, err, outcome, writes, streams, orderOfEvent(server, startId, endId), heap);
            } finally {
                streams.forEach(StreamClient::close);
                BenchServer.stop(http);
            }
        }
    }

    /** Creates {@code count} viewers and signs each in; a console's stream needs no more than that role. */
    private static List<String> signIn(BenchServer bench, OkHttpClient http, int count) throws IOException {
        var auth = bench.core().services().auth();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String username = "bench-viewer-" + i;
            String password = UUID.randomUUID() + "-" + UUID.randomUUID();
            auth.createOperator(username, password, EnumSet.of(Role.VIEWER), Actor.system(BENCH_USER));
            tokens.add(bench.login(http, username, password));
        }
        return tokens;
    }

    private List<String> registerPlayers(ServerCore server) {
        int count = Math.min(PLAYERS_MAX, orders());
        List<String> players = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "events-bench-" + i;
            server.services().players().register(id, id, "USD", Actor.system(BENCH_USER));
            players.add(id);
        }
        return players;
    }

    private int orders() {
        return (events + EVENTS_PER_ORDER - 1) / EVENTS_PER_ORDER;
    }

    /** When each order committed (nanoTime as its submit returned), by order id; and how long writing took. */
    record Writes(Map<Long, Long> committedNanos, long startedNanos, long endedNanos, int failed) {
        double rate() {
            return committedNanos.size() * (double) EVENTS_PER_ORDER / Math.max(1e-9, (endedNanos - startedNanos) / 1e9);
        }
    }

    /**
     * Submits the deposits on {@link #writers} threads, order k not before {@code k / orderRate}
     * seconds after the start: a paced schedule, so a writer that fell behind catches up at once.
     */
    private Writes write(ServerCore server, List<String> players, long deadline) throws InterruptedException {
        int orders = orders();
        long[] orderIds = new long[orders];
        long[] committed = new long[orders];
        double nanosPerOrder = 1e9 * EVENTS_PER_ORDER / rate;
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
        Actor clerk = Actor.system(BENCH_USER);
        String run = UUID.randomUUID().toString();
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Thread thread = new Thread(() -> {
                for (int k = next.getAndIncrement(); k < orders && System.nanoTime() < deadline; k = next.getAndIncrement()) {
                    long due = started + (long) (k * nanosPerOrder);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    String player = players.get(k % players.size());
                    try {
                        var submitted = server.services().intake().submit(new IntakeRequest("DEPOSIT", player, DEPOSIT_MINOR,
                                "USD", null, "CARD", "API", null, null), "events-bench:" + run + ":" + k, clerk);
                        committed[k] = System.nanoTime();
                        orderIds[k] = submitted.order().id();
                    } catch (RuntimeException e) {
                        firstFailure.compareAndSet(null, e);
                    }
                }
            }, "events-bench-writer-" + w);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long ended = System.nanoTime();
        if (firstFailure.get() != null) {
            spec.commandLine().getErr().println("a deposit failed: " + firstFailure.get());
        }
        Map<Long, Long> byOrder = new HashMap<>();
        for (int k = 0; k < orders; k++) {
            if (committed[k] != 0) {
                byOrder.put(orderIds[k], committed[k]);
            }
        }
        // Failed, or never submitted because the --seconds cap came first.
        return new Writes(byOrder, started, ended, orders - byOrder.size());
    }

    private static long lastOutboxId(ServerCore server) throws SQLException {
        try (var conn = server.database().dataSource().getConnection(); var st = conn.createStatement();
             var rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM outbox_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every outbox id in {@code (afterId, upToId]}: what each client should have received, in this order. */
    private static List<Long> outboxIds(ServerCore server, long afterId, long upToId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        eachOutboxRow(server, "SELECT id FROM outbox_events WHERE id > ? AND id <= ? ORDER BY id", afterId, upToId,
                rs -> ids.add(rs.getLong(1)));
        return ids;
    }

    /** How many events of each type the run saw (deposits write two; other writers may add some). */
    private static String typeCounts(ServerCore server, long afterId, long upToId) throws SQLException {
        List<String> counts = new ArrayList<>();
        eachOutboxRow(server, "SELECT event_type, count(*) FROM outbox_events WHERE id > ? AND id <= ? GROUP BY 1 ORDER BY 1",
                afterId, upToId, rs -> counts.add(rs.getString(1) + " " + rs.getLong(2)));
        return String.join(", ", counts);
    }

    /** The order each outbox event of the run belongs to (events of other aggregates are not timed). */
    private static Map<Long, Long> orderOfEvent(ServerCore server, long afterId, long upToId) throws SQLException {
        Map<Long, Long> orders = new HashMap<>();
        eachOutboxRow(server, "SELECT id, aggregate_id FROM outbox_events WHERE id > ? AND id <= ? AND aggregate_type = 'ORDER'",
                afterId, upToId, rs -> orders.put(rs.getLong(1), Long.parseLong(rs.getString(2))));
        return orders;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /** Runs {@code sql}, whose two parameters are the run's outbox range, and hands each row to {@code reader}. */
    private static void eachOutboxRow(ServerCore server, String sql, long afterId, long upToId, RowReader reader)
            throws SQLException {
        try (var conn = server.database().dataSource().getConnection(); var st = conn.prepareStatement(sql)) {
            st.setLong(1, afterId);
            st.setLong(2, upToId);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    private int report(PrintWriter out, PrintWriter err, Outcome outcome, Writes writes, List<StreamClient> streams,
                       Map<Long, Long> orderOfEvent, HeapSampler heap) {
        long[] latencies = new long[streams.size() * outcome.expected().size()];
        int samples = 0;
        long firstCommit = Long.MAX_VALUE;
        long lastArrival = Long.MIN_VALUE;
        long delivered = 0;
        int incomplete = 0;
        for (int c = 0; c < streams.size(); c++) {
            StreamClient stream = streams.get(c);
            boolean exact = Arrays.equals(outcome.received().get(c),
                    outcome.expected().stream().mapToLong(Long::longValue).toArray());
            if (!exact) {
                incomplete++;
                if (incomplete == 1) {
                    err.printf(Locale.ROOT, "client %d received %d of %d events (or not in order, or twice)%n", c,
                            outcome.received().get(c).length, outcome.expected().size());
                }
            }
            for (int i = 0; i < stream.count(); i++) {
                Long order = orderOfEvent.get(stream.idAt(i));
                Long committed = order == null ? null : writes.committedNanos().get(order);
                if (committed == null) {
                    continue;
                }
                delivered++;
                firstCommit = Math.min(firstCommit, committed);
                lastArrival = Math.max(lastArrival, stream.arrivalAt(i));
                if (samples < latencies.length) {
                    latencies[samples++] = stream.arrivalAt(i) - committed;
                }
            }
        }
        long[] sorted = Arrays.copyOf(latencies, samples);
        Arrays.sort(sorted);
        double deliverySeconds = Math.max(1e-9, (lastArrival - firstCommit) / 1e9);
        out.printf(Locale.ROOT, "heap: peak %d MiB in use of %d MiB max (server and clients share this JVM)%n",
                heap.peakBytes() / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        out.printf(Locale.ROOT, "%n| clients | events | written/s | delivered/s | p50 ms | p99 ms | max ms | missed | dropped | heap peak MiB |%n");
        out.printf(Locale.ROOT, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n");
        out.printf(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.1f | %.1f | %.1f | %d | %d | %d |%n", streams.size(),
                outcome.expected().size(), writes.rate(), samples == 0 ? 0 : delivered / deliverySeconds,
                BenchServer.percentileMillis(sorted, 0.50), BenchServer.percentileMillis(sorted, 0.99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6, incomplete, outcome.droppedClients(),
                heap.peakBytes() / (1024 * 1024));
        boolean ok = incomplete == 0 && outcome.droppedClients() == 0 && !outcome.timedOut() && writes.failed() == 0
                && !outcome.expected().isEmpty();
        out.println(ok ? "every client received every event once, in order: yes"
                : "DELIVERY INCOMPLETE: " + incomplete + " clients missed events, " + outcome.droppedClients()
                + " dropped, " + writes.failed() + " deposits not written" + (outcome.timedOut() ? ", the --seconds cap was reached" : ""));
        out.flush();
        return ok ? 0 : 1;
    }
}
