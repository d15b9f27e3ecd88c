package teller.server.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import teller.server.support.ApiClient;
import teller.server.support.EventStreamReader;
import teller.server.support.ExecutionFixture;
import teller.server.support.TestPostgres;
import teller.server.support.ChildServer;

/**
 * A second replica in its own operating-system process (the production {@code serve} command in
 * a child JVM) next to one in this JVM, on one database: the child, started first, leads every
 * worker while this one leads none; events cross between the processes over the live stream both
 * ways; each outbox row is delivered once; and when the child is killed this replica takes over.
 */
class ReplicaProcessTest {
    private static final Duration SETTLE_MAX = Duration.ofSeconds(30);
    private static final Duration ARRIVAL_MAX = Duration.ofSeconds(15);

    @Test
    void childProcessLeadsUntilKilledAndEventsCrossBetweenTheProcesses() throws Exception {
        String database = TestPostgres.freshDatabase();
        Path log = Files.createTempFile("teller-replica-child", ".log");
        Process child = startChild(database, log);
        try {
            String childUrl = ChildServer.awaitListening(child, log);
            ExecutionFixture.await(SETTLE_MAX, "the child to lead every worker", () -> {
                Map<String, Double> gauges = leaderGauges(childUrl);
                return gauges.size() >= 5 && gauges.values().stream().allMatch(v -> v == 1.0);
            });
            var viaChild = ExecutionFixture.attach(childUrl, database);
            try (var here = ExecutionFixture.start(b -> b.database(database, null, null))) {
                // Two leadership rounds later this replica still leads nothing: the child holds every lock.
                Thread.sleep(2 * Workers.LEADERSHIP_CHECK_INTERVAL.toMillis() + 500);
                assertThat(here.server.workers().leading()).isEmpty();
                assertThat(leaderGauges(here.server.baseUrl()).values()).containsOnly(0.0);
                assertThat(leaderGauges(childUrl).values()).containsOnly(1.0);

                String player = viaChild.fundedPlayer(5_000);
                try (var streamHere = EventStreamReader.open(here.server.baseUrl(), here.admin.token(), null);
                     var streamThere = EventStreamReader.open(childUrl, viaChild.admin.token(), null)) {
                    assertThat(streamHere.nextComment(ARRIVAL_MAX)).isEqualTo("connected");
                    assertThat(streamThere.nextComment(ARRIVAL_MAX)).isEqualTo("connected");
                    long createdThere = viaChild.order("GAME_LOAD", player, 300);
                    streamHere.next(ARRIVAL_MAX, e -> isCreated(e, createdThere));
                    long createdHere = here.order("GAME_LOAD", player, 400);
                    streamThere.next(ARRIVAL_MAX, e -> isCreated(e, createdHere));
                    streamHere.next(ARRIVAL_MAX, e -> isCreated(e, createdHere));
                }

                ExecutionFixture.await(SETTLE_MAX, "the child's relay to deliver every outbox row",
                        () -> count(database, "published_at IS NULL") == 0);
                assertThat(count(database, "attempts <> 1")).as("rows delivered more than once").isZero();

                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                ExecutionFixture.await(SETTLE_MAX, "this replica to take over every worker",
                        () -> here.server.workers().leading().equals(here.server.workers().names()));
                assertThat(leaderGauges(here.server.baseUrl()).values()).containsOnly(1.0);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static boolean isCreated(EventStreamReader.Event event, long orderId) {
        return "ORDER_CREATED".equals(event.type())
                && String.valueOf(orderId).equals(event.data().at("/payload/orderId").asText());
    }

    private static Map<String, Double> leaderGauges(String baseUrl) {
        Map<String, Double> gauges = new HashMap<>();
        ApiClient.Reply metrics;
        try {
            metrics = new ApiClient(baseUrl).get("/metrics");
        } catch (RuntimeException unreachable) {
            return gauges;
        }
        for (String line : metrics.text().split("\n")) {
            if (line.startsWith("teller_worker_leader{")) {
                gauges.put(line.replaceAll(".*worker=\"([^\"]+)\".*", "$1"),
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return gauges;
    }

    private static int count(String database, String condition) {
        try (var connection = DriverManager.getConnection(database);
             var result = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM outbox_events WHERE " + condition)) {
            result.next();
            return result.getInt(1);
        } catch (Exception e) {
            return -1;
        }
    }

    /** The production command line in its own JVM, configured only through its environment. */
    private static Process startChild(String database, Path log) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("KYC_REQUIRED_FOR_WITHDRAWAL", "false");
        return ChildServer.start(database, log, env);
    }
}
