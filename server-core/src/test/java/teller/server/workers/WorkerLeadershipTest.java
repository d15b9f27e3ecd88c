package teller.server.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.db.Database;
import teller.server.db.JdbiTransactor;
import teller.server.db.PgLeaderLocks;
import teller.server.db.PgOutboxFeed;
import teller.server.events.OutboxEvent;
import teller.server.events.OutboxRelay;
import teller.server.support.ApiClient;
import teller.server.support.ExecutionFixture;
import teller.server.support.TestPostgres;
import teller.server.support.TestServer;

/**
 * Several server-core replicas on one database: each worker runs on exactly one of them, the work
 * items are handled once, and leadership moves when the leader stops or loses its connection.
 */
class WorkerLeadershipTest {
    private static final Duration SETTLE_MAX = Duration.ofSeconds(30);

    private static ServerCore replica(String database) {
        return TestServer.start(b -> b.database(database, null, null)
                .execution(Duration.ofSeconds(120), Duration.ofSeconds(5), Duration.ofMillis(200)));
    }

    private static boolean eachWorkerHasOneLeader(List<ServerCore> replicas) {
        Set<String> names = replicas.get(0).workers().names();
        for (String name : names) {
            long leaders = replicas.stream().filter(r -> r.workers().leading().contains(name)).count();
            if (leaders != 1) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Double> leaderGauges(String baseUrl) {
        String metrics = new ApiClient(baseUrl).get("/metrics").text();
        Map<String, Double> gauges = new ConcurrentHashMap<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("teller_worker_leader{")) {
                String worker = line.replaceAll(".*worker=\"([^\"]+)\".*", "$1");
                gauges.put(worker, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return gauges;
    }

    @Test
    void eachWorkerRunsOnExactlyOneReplicaAndMovesWhenItsLeaderStops() {
        String database = TestPostgres.freshDatabase();
        ServerCore first = replica(database);
        ServerCore second = replica(database);
        try {
            assertThat(first.workers().names()).contains("execution-recovery", "proof-spool-sweep", "audit-seal",
                    "report-rollup", "outbox-relay");
            ExecutionFixture.await(SETTLE_MAX, "one leader per worker",
                    () -> eachWorkerHasOneLeader(List.of(first, second)));
            // The same leadership as Prometheus sees it: 1 on exactly one replica per worker.
            Map<String, Double> firstGauges = leaderGauges(first.baseUrl());
            Map<String, Double> secondGauges = leaderGauges(second.baseUrl());
            for (String name : first.workers().names()) {
                assertThat(firstGauges.get(name) + secondGauges.get(name)).as(name).isEqualTo(1.0);
                assertThat(firstGauges.get(name)).isEqualTo(first.workers().leading().contains(name) ? 1.0 : 0.0);
            }
            assertThat(new ApiClient(first.baseUrl()).get("/metrics").text())
                    .contains("teller_worker_iterations_total{outcome=\"success\",worker=\"audit-seal\"}");

            ServerCore leader = first.workers().leading().contains("audit-seal") ? first : second;
            ServerCore follower = leader == first ? second : first;
            leader.close();
            ExecutionFixture.await(SETTLE_MAX, "the remaining replica to lead every worker",
                    () -> follower.workers().leading().equals(follower.workers().names()));
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void leadershipIsGivenUpWithALostConnectionAndTakenAgain() throws Exception {
        String database = TestPostgres.freshDatabase();
        try (ServerCore only = replica(database)) {
            ExecutionFixture.await(SETTLE_MAX, "the replica to lead every worker",
                    () -> only.workers().leading().equals(only.workers().names()));
            int before = leadershipPid(database);
            assertThat(before).isPositive();
            assertThat(heldWorkerLocks(database)).isEqualTo(only.workers().names().size());
            // What a network cut or a database failover does to the leadership session.
            try (var admin = DriverManager.getConnection(database); var statement = admin.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(" + before + ")");
            }
            ExecutionFixture.await(SETTLE_MAX, "every lock held again on a new session",
                    () -> leadershipPid(database) > 0 && leadershipPid(database) != before
                            && heldWorkerLocksQuietly(database) == only.workers().names().size()
                            && only.workers().leading().equals(only.workers().names()));
            assertThat(heldWorkerLocks(database)).isEqualTo(only.workers().names().size());
        }
    }

    private static int leadershipPid(String database) {
        try (var connection = DriverManager.getConnection(database);
             var result = connection.createStatement().executeQuery("""
                     SELECT coalesce(max(pid), -1) FROM pg_stat_activity
                      WHERE application_name = 'teller-worker-leadership' AND datname = current_database()""")) {
            result.next();
            return result.getInt(1);
        } catch (Exception e) {
            return -1;
        }
    }

    private static int heldWorkerLocksQuietly(String database) {
        try {
            return heldWorkerLocks(database);
        } catch (Exception e) {
            return -1;
        }
    }

    private static int heldWorkerLocks(String database) throws Exception {
        try (var connection = DriverManager.getConnection(database);
             var result = connection.createStatement().executeQuery("""
                     SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                      WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()
                        AND l.classid = hashtext('teller.workers')::oid""")) {
            result.next();
            return result.getInt(1);
        }
    }

    /**
     * Outbox rows handed to a sink once each: two relays on one database, each scheduled by its own
     * Workers, and also called at the same time directly (SKIP LOCKED keeps them apart even without
     * leadership).
     */
    @Test
    void eachOutboxEventIsDeliveredOnceAcrossTwoReplicas() throws Exception {
        String url = TestPostgres.freshDatabase();
        int raced = 1_000;
        int scheduled = 100;
        try (var database = new Database(url, null, null, 6)) {
            var tx = new JdbiTransactor(database.jdbi());
            List<Long> delivered = new CopyOnWriteArrayList<>();
            AtomicInteger firstCount = new AtomicInteger();
            AtomicInteger secondCount = new AtomicInteger();
            var firstRelay = new OutboxRelay(tx, new PgOutboxFeed(tx), List.of(e -> {
                delivered.add(e.id());
                firstCount.incrementAndGet();
            }));
            var secondRelay = new OutboxRelay(tx, new PgOutboxFeed(tx), List.of((OutboxEvent e) -> {
                delivered.add(e.id());
                secondCount.incrementAndGet();
            }));
            insertEvents(url, raced);
            // Unscheduled and racing: claims alone must keep the two apart.
            var racers = new ArrayList<Thread>();
            for (OutboxRelay relay : List.of(firstRelay, secondRelay)) {
                Thread racer = new Thread(() -> {
                    while (relay.relay() > 0) {
                        Thread.onSpinWait();
                    }
                });
                racers.add(racer);
                racer.start();
            }
            for (Thread racer : racers) {
                racer.join(SETTLE_MAX.toMillis());
            }
            assertThat(undelivered(url)).isZero();
            assertThat(delivered).hasSize(raced).doesNotHaveDuplicates();
            // Scheduled by two Workers: only the leader relays.
            try (var firstWorkers = new Workers(new PgLeaderLocks(database), new SimpleMeterRegistry());
                 var secondWorkers = new Workers(new PgLeaderLocks(database), new SimpleMeterRegistry())) {
                int before = firstCount.get();
                int secondBefore = secondCount.get();
                firstWorkers.every("outbox-relay", Duration.ofMillis(50), firstRelay::relay);
                ExecutionFixture.await(SETTLE_MAX, "the first to lead", () -> firstWorkers.leading().contains("outbox-relay"));
                secondWorkers.every("outbox-relay", Duration.ofMillis(50), secondRelay::relay);
                insertEvents(url, scheduled);
                ExecutionFixture.await(SETTLE_MAX, "every event delivered", () -> undelivered(url) == 0);
                Thread.sleep(300); // a few more iterations of both
                assertThat(secondWorkers.leading()).isEmpty();
                assertThat(secondCount.get()).as("the follower relayed nothing").isEqualTo(secondBefore);
                assertThat(firstCount.get() - before).isEqualTo(scheduled);
            }
            assertThat(delivered).hasSize(raced + scheduled).doesNotHaveDuplicates();
        }
    }

    private static void insertEvents(String url, int count) throws Exception {
        try (var connection = DriverManager.getConnection(url);
             var statement = connection.prepareStatement("""
                     INSERT INTO outbox_events (event_type, aggregate_type, aggregate_id, payload)
                     SELECT 'ORDER_CREATED', 'ORDER', g::text, jsonb_build_object('orderId', g::text)
                       FROM generate_series(1, ?) g""")) {
            statement.setInt(1, count);
            statement.execute();
        }
    }

    private static int undelivered(String url) {
        try (var connection = DriverManager.getConnection(url);
             var result = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM outbox_events WHERE published_at IS NULL")) {
            result.next();
            return result.getInt(1);
        } catch (Exception e) {
            return -1;
        }
    }
}
