package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.server.support.ExecutionFixture.key;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderSettings;
import teller.server.support.ExecutionFixture;
import teller.server.support.FakeProvider;
import teller.server.support.TestPostgres;
import teller.server.support.ChildServer;

/**
 * The process dies in the middle of executions, for real: the production command line
 * ({@code teller.server.Main serve}) runs in a child JVM against a test database and the fake
 * provider, and is killed with SIGKILL while
 * <ul>
 *   <li>a game load has its hold committed and its call has not reached the provider (the fake keeps
 *       the request at the door, unprocessed, and discards it when the caller dies), and</li>
 *   <li>a withdrawal has been executed by the provider but the answer has not come back, so the
 *       order was never finalized.</li>
 * </ul>
 * No test hook exists in the child: the crash windows are made by the provider's timing alone.
 * Two fresh server-cores on the same database (replicas) must then finalize each order exactly
 * once between them, with the provider seeing each key once.
 */
class ExecutionCrashRecoveryTest {
    /** The child's lease; short so the restarted servers may take the orders over soon after the crash. */
    private static final int CHILD_LEASE_SECONDS = 4;
    private static final int ORDERS_PER_WINDOW = 3;
    private static final long LOAD_AMOUNT = 1_000;
    private static final long PAYOUT_AMOUNT = 1_500;

    @Test
    void ordersInterruptedByAHardKillAreFinalizedOnceAfterRestart() throws Exception {
        String database = TestPostgres.freshDatabase();
        Jdbi db = Jdbi.create(database);
        try (FakeProvider provider = FakeProvider.start()) {
            // ---- 1. the child approves the orders and dies while their executions are in flight
            Path log = Files.createTempFile("teller-crash-child", ".log");
            Process child = startChild(database, provider, log);
            List<Long> loads = new ArrayList<>();
            List<Long> payouts = new ArrayList<>();
            String player;
            try {
                ExecutionFixture crashing = ExecutionFixture.attach(ChildServer.awaitListening(child, log), database);
                player = crashing.fundedPlayer(10_000);
                for (int i = 0; i < ORDERS_PER_WINDOW; i++) {
                    long load = crashing.order("GAME_LOAD", player, LOAD_AMOUNT);
                    long payout = crashing.order("WITHDRAWAL", player, PAYOUT_AMOUNT);
                    provider.script(key(load, 1), FakeProvider.Behaviour.PARK)
                            .script(key(payout, 1), FakeProvider.Behaviour.EXECUTE_THEN_HANG);
                    loads.add(load);
                    payouts.add(payout);
                }
                for (long order : concat(loads, payouts)) {
                    var reply = crashing.approve(order);
                    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
                }
                ExecutionFixture.await(Duration.ofSeconds(30), "every call to be in flight",
                        () -> loads.stream().allMatch(o -> provider.parked(key(o, 1)) == 1)
                                && payouts.stream().allMatch(o -> provider.executions(key(o, 1)) == 1));
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child died").isTrue();
            }
            provider.releaseHeld(); // parked requests are dropped unprocessed; held answers meet dead sockets

            Map<Long, Instant> childLeases = new HashMap<>();
            for (long order : concat(loads, payouts)) {
                assertThat(status(db, order)).isEqualTo("EXECUTING");
                assertThat(holdStatus(db, order)).isEqualTo("PENDING");
                childLeases.put(order, lease(db, order));
            }
            for (long load : loads) {
                assertThat(provider.requests(key(load, 1))).as("the game load never reached the provider").isZero();
            }
            for (long payout : payouts) {
                assertThat(provider.executions(key(payout, 1))).as("the payout did execute").isEqualTo(1);
            }
            long heldAfterCrash = 10_000 - ORDERS_PER_WINDOW * (LOAD_AMOUNT + PAYOUT_AMOUNT);

            // ---- 2. restarted with a broken environment (no provider URLs): nothing can be asked, so
            //         recovery keeps the holds rather than guess that the provider did nothing
            ProviderSettings noGameLoad = ProviderSettings.defaults(ProviderKind.GAME_LOAD, null, null);
            ProviderSettings noPayout = ProviderSettings.defaults(ProviderKind.PAYOUT, null, null);
            try (var misconfigured = ExecutionFixture.start(b -> b.database(database, null, null)
                    .providers(noGameLoad, noPayout).sandboxProviders(false)
                    .execution(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(200)))) {
                ExecutionFixture.await(Duration.ofSeconds(30), "recovery to examine every order",
                        () -> childLeases.entrySet().stream().allMatch(e -> lease(db, e.getKey()).isAfter(e.getValue())));
                for (long order : concat(loads, payouts)) {
                    assertThat(misconfigured.status(order)).isEqualTo("EXECUTING");
                    assertThat(holdStatus(db, order)).isEqualTo("PENDING");
                }
                assertThat(misconfigured.available(player)).isEqualTo(heldAfterCrash);
            }

            // ---- 3. two replicas restarted together: recovery finalizes each order once, reusing each key
            ProviderSettings gameLoad = ExecutionFixture.fastSettings(ProviderKind.GAME_LOAD, provider.baseUrl());
            ProviderSettings payoutProvider = ExecutionFixture.fastSettings(ProviderKind.PAYOUT, provider.baseUrl());
            var replicas = new ArrayList<CompletableFuture<ExecutionFixture>>();
            for (int i = 0; i < 2; i++) {
                replicas.add(CompletableFuture.supplyAsync(() -> ExecutionFixture.start(b -> b.database(database, null, null)
                        .providers(gameLoad, payoutProvider)
                        .execution(Duration.ofSeconds(6), Duration.ofSeconds(10), Duration.ofMillis(100)))));
            }
            try (var recovered = replicas.get(0).get(120, TimeUnit.SECONDS);
                 var other = replicas.get(1).get(120, TimeUnit.SECONDS)) {
                ExecutionFixture.await(Duration.ofSeconds(30), "recovery to settle every order",
                        () -> recovered.executingOrders() == 0);

                for (long order : concat(loads, payouts)) {
                    JsonNode o = recovered.order(order);
                    assertThat(o.get("status").asText()).as(o.toString()).isEqualTo("APPROVED_EXECUTED");
                    assertThat(o.get("executionAttempts").asInt()).as("no new attempt, the same key").isEqualTo(1);
                    assertThat(recovered.transactionStatus(o.get("holdTransactionId").asText())).isEqualTo("POSTED");
                    assertThat(recovered.transitions(order)).containsExactly("PENDING_REVIEW->EXECUTING",
                            "EXECUTING->APPROVED_EXECUTED");
                    assertThat(recovered.events(order).stream().filter("ORDER_APPROVED"::equals)).hasSize(1);
                    assertThat(executedAudits(db, order)).isEqualTo(1);
                    assertThat(provider.succeededKeysOfOrder(order)).containsExactly(key(order, 1));
                    assertThat(provider.executions(key(order, 1))).isEqualTo(1);
                    assertThat(provider.requests(key(order, 1))).as("the provider saw the key once").isEqualTo(1);
                }
                for (long load : loads) {
                    assertThat(provider.parked(key(load, 1))).as("the crashed call was never processed").isEqualTo(1);
                }
                for (long payout : payouts) {
                    assertThat(provider.lookups(key(payout, 1))).as("the payout was learned, not re-sent").isPositive();
                }
                assertThat(recovered.balance(player)).isEqualTo(heldAfterCrash);
                assertThat(recovered.available(player)).isEqualTo(heldAfterCrash);
                recovered.assertLedgerClean();

                // Running recovery again, on either replica, finds nothing and calls nobody.
                assertThat(recovered.server.services().approvals().recoverExpired()).isZero();
                assertThat(other.server.services().approvals().recoverExpired()).isZero();
                int sent = concat(loads, payouts).stream().mapToInt(o -> provider.requests(key(o, 1))).sum();
                assertThat(sent).isEqualTo(2 * ORDERS_PER_WINDOW);
            }
        }
    }

    private static List<Long> concat(List<Long> first, List<Long> second) {
        List<Long> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static int executedAudits(Jdbi db, long orderId) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM audit_log WHERE action = 'ORDER_EXECUTED' AND resource_id = :id""")
                .bind("id", String.valueOf(orderId)).mapTo(Integer.class).one());
    }

    /** The production command line in its own JVM, configured only through its environment. */
    private static Process startChild(String database, FakeProvider provider, Path log) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("GAME_LOAD_API_URL", provider.baseUrl());
        env.put("GAME_LOAD_API_TOKEN", FakeProvider.TOKEN);
        env.put("PAYOUT_API_URL", provider.baseUrl());
        env.put("PAYOUT_API_TOKEN", FakeProvider.TOKEN);
        // One long attempt, so the calls are still in flight when the child is killed.
        env.put("PROVIDER_CALL_TIMEOUT_MS", "60000");
        env.put("PROVIDER_ATTEMPTS_MAX", "1");
        env.put("EXECUTION_LEASE_SECONDS", String.valueOf(CHILD_LEASE_SECONDS));
        env.put("APPROVE_WAIT_MS", "200");
        // The child's own recovery runs once at start (nothing to do) and not again before it dies.
        env.put("RECOVERY_INTERVAL_SECONDS", "3600");
        return ChildServer.start(database, log, env);
    }

    private static String status(Jdbi db, long orderId) {
        return db.withHandle(h -> h.createQuery("SELECT status FROM orders WHERE id = :id").bind("id", orderId)
                .mapTo(String.class).one());
    }

    private static String holdStatus(Jdbi db, long orderId) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT t.status FROM orders o JOIN ledger_transactions t ON t.id = o.hold_transaction_id
                         WHERE o.id = :id""").bind("id", orderId).mapTo(String.class).one());
    }

    private static Instant lease(Jdbi db, long orderId) {
        return db.withHandle(h -> h.createQuery("SELECT execution_lease_until FROM orders WHERE id = :id")
                .bind("id", orderId).mapTo(OffsetDateTime.class).one()).toInstant();
    }
}
