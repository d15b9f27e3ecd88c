package teller.server.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The bench's {@code --db-counters} diagnosis: what one approval costs the database, counted rather
 * than timed, so that two scenarios compare on a busy machine. Per measured run it prints, divided
 * by the requests: CPU milliseconds of the server's JVM and of the database's processes, with
 * {@code --wire-trace} the driver's round trips (Sync messages) and statements (Execute messages) by
 * the server's thread group (Jetty, flushers, workers), the database's committed transactions, WAL
 * bytes (from {@code pg_current_wal_lsn()}), WAL records and syncs, rows read and written, and the
 * rows written per table, and what the database's sessions were doing (sampled). The driver's protocol trace slows the server down: never use the run's
 * timings with it on.
 */
final class DbCounters {
    /** Backends report their statistics when idle, at most about once a second (PostgreSQL 15+). */
    private static final long STATS_SETTLE_MILLIS = 1_500;
    private static final long SAMPLE_EVERY_MILLIS = 20;
    private static final String DRIVER_LOGGER = "org.postgresql.core.v3.QueryExecutorImpl";

    private final DataSource dataSource;
    private final Map<String, LongAdder[]> wire = new ConcurrentHashMap<>();
    private final Logger driver = Logger.getLogger(DRIVER_LOGGER);
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message == null) {
                return;
            }
            int kind = message.startsWith(" FE=> Sync") ? 0 : message.startsWith(" FE=> Execute") ? 1 : -1;
            if (kind >= 0) {
                wire.computeIfAbsent(group(Thread.currentThread().getName()),
                        k -> new LongAdder[] {new LongAdder(), new LongAdder()})[kind].increment();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private record Snapshot(String lsn, Map<String, Long> database, Map<String, Long> tables) {
    }

    private Snapshot before;
    private final Map<String, LongAdder> waits = new ConcurrentHashMap<>();
    private final LongAdder samples = new LongAdder();
    private volatile Thread sampler;

    private final boolean traceWire;
    private long postmaster;
    private double[] cpuBefore;

    DbCounters(DataSource dataSource, boolean traceWire) {
        this.dataSource = dataSource;
        this.traceWire = traceWire;
        if (traceWire) {
            handler.setLevel(Level.ALL);
            driver.setLevel(Level.FINEST);
            driver.addHandler(handler);
        }
    }

    /**
     * CPU seconds used so far by this JVM (the server) and by the database (the postmaster and
     * every process under it): CPU time, unlike wall time, is what a request costs even on a
     * machine where it waits for a core.
     */
    private double[] cpu() throws java.io.IOException {
        double jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
        double database = 0;
        if (postmaster > 0) {
            var processes = new java.util.ArrayList<Long>();
            processes.add(postmaster);
            ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> processes.add(d.pid())));
            for (long pid : processes) {
                database += ticks(pid);
            }
        }
        return new double[] {jvm, database / 100.0};
    }

    /** utime + stime of a process in clock ticks (100 per second on Linux), 0 when it is gone. */
    private static long ticks(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private long postmasterPid() {
        try (Connection conn = dataSource.getConnection(); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", rs.getString(1), "status"))) {
                if (line.startsWith("PPid:")) {
                    return Long.parseLong(line.substring(5).trim());
                }
            }
        } catch (SQLException | java.io.IOException | RuntimeException e) {
            System.err.println("db-counters: no database CPU figures (" + e + ")");
        }
        return 0;
    }

    /** A thread's group: its name without the numbers (qtp…-12 and qtp…-40 are one group). */
    static String group(String threadName) {
        return threadName.replaceAll("[0-9]+", "#");
    }

    void start() throws SQLException, InterruptedException {
        Thread.sleep(STATS_SETTLE_MILLIS);
        before = snapshot();
        if (postmaster == 0) {
            postmaster = postmasterPid();
        }
        try {
            cpuBefore = cpu();
        } catch (java.io.IOException e) {
            cpuBefore = null;
        }
        wire.clear();
        waits.clear();
        samples.reset();
        Thread thread = new Thread(this::sample, "db-counters-sampler");
        thread.setDaemon(true);
        sampler = thread;
        thread.start();
    }

    /**
     * Samples what the database's other sessions are doing, every 20 ms: each active
     * session's wait (or CPU) and the start of its statement. Proportions of samples, not times,
     * are what compare between two runs.
     */
    private void sample() {
        try (Connection conn = dataSource.getConnection(); Statement st = conn.createStatement()) {
            while (sampler == Thread.currentThread()) {
                try (ResultSet rs = st.executeQuery("""
                        SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w,
                               left(regexp_replace(query, '\\s+', ' ', 'g'), 48) AS q
                          FROM pg_stat_activity
                         WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()
                           AND backend_type = 'client backend'""")) {
                    samples.increment();
                    while (rs.next()) {
                        waits.computeIfAbsent(rs.getString(1) + " | " + rs.getString(2), k -> new LongAdder())
                                .increment();
                    }
                }
                // Paced, so that the sampler's own queries stay a small part of the database's CPU.
                Thread.sleep(SAMPLE_EVERY_MILLIS);
            }
        } catch (SQLException e) {
            System.err.println("db-counters sampler stopped: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Prints what the run since {@link #start} cost per request. */
    void report(String label, int requests) throws SQLException, InterruptedException {
        Thread thread = sampler;
        sampler = null;
        if (thread != null) {
            thread.join();
        }
        double[] cpuAfter = null;
        try {
            cpuAfter = cpu();
        } catch (java.io.IOException e) {
            cpuAfter = null;
        }
        Map<String, long[]> counted = new TreeMap<>();
        wire.forEach((k, v) -> counted.put(k, new long[] {v[0].sum(), v[1].sum()}));
        Thread.sleep(STATS_SETTLE_MILLIS);
        Snapshot after = snapshot();
        double n = Math.max(1, requests);
        System.out.printf(Locale.ROOT, "  db counters, %s, per request (%d requests):%n", label, requests);
        if (cpuBefore != null && cpuAfter != null) {
            System.out.printf(Locale.ROOT, "    CPU ms: server JVM %.3f, database %.3f%n",
                    (cpuAfter[0] - cpuBefore[0]) * 1000 / n, (cpuAfter[1] - cpuBefore[1]) * 1000 / n);
        }
        counted.forEach((group, c) -> System.out.printf(Locale.ROOT,
                "    wire %-28s round trips %7.2f  statements %7.2f%n", group, c[0] / n, c[1] / n));
        try (Connection conn = dataSource.getConnection(); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '" + before.lsn() + "')")) {
            rs.next();
            System.out.printf(Locale.ROOT, "    WAL bytes (lsn) %.0f%n", rs.getDouble(1) / n);
        }
        after.database().forEach((k, v) -> System.out.printf(Locale.ROOT, "    %-22s %10.2f%n", k,
                (v - before.database().getOrDefault(k, 0L)) / n));
        long taken = Math.max(1, samples.sum());
        System.out.printf(Locale.ROOT, "    sessions active per sample (%d samples), by wait | statement:%n", taken);
        waits.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum())).limit(15)
                .forEach(e -> System.out.printf(Locale.ROOT, "      %6.3f  %s%n", e.getValue().sum() / (double) taken,
                        e.getKey()));
        after.tables().forEach((k, v) -> {
            long d = v - before.tables().getOrDefault(k, 0L);
            if (d > 0) {
                System.out.printf(Locale.ROOT, "    rows written %-30s %7.2f%n", k, d / n);
            }
        });
    }

    void close() {
        if (traceWire) {
            driver.removeHandler(handler);
            driver.setLevel(null);
        }
    }

    private Snapshot snapshot() throws SQLException {
        try (Connection conn = dataSource.getConnection(); Statement st = conn.createStatement()) {
            String lsn;
            try (ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                rs.next();
                lsn = rs.getString(1);
            }
            Map<String, Long> database = new TreeMap<>();
            try (ResultSet rs = st.executeQuery("""
                    SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated,
                           tup_deleted, blks_hit, blks_read, deadlocks
                      FROM pg_stat_database WHERE datname = current_database()""")) {
                rs.next();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    database.put(rs.getMetaData().getColumnName(i), rs.getLong(i));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT wal_records, wal_fpi, wal_bytes::bigint, wal_write, wal_sync FROM pg_stat_wal")) {
                rs.next();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    database.put(rs.getMetaData().getColumnName(i), rs.getLong(i));
                }
            }
            Map<String, Long> tables = new TreeMap<>();
            try (ResultSet rs = st.executeQuery(
                    "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables")) {
                while (rs.next()) {
                    tables.put(rs.getString(1), rs.getLong(2));
                }
            }
            return new Snapshot(lsn, database, tables);
        }
    }
}
