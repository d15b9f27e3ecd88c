package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.common.Actor;
import teller.server.db.PgClaimOwners;
import teller.server.db.PgIdempotencyRecords;
import teller.server.orders.OrderStatus;
import teller.server.provider.ProviderKind;
import teller.server.support.CountingProvider;
import teller.server.support.DomainGraph;

/**
 * What one group-commit batch of deposit approvals costs the database, counted on the wire: the
 * PostgreSQL driver's own protocol trace (its FINEST log) shows every Sync message it sends (one
 * per round trip: the driver waits for the server's answer after each) and every Execute (one per
 * SQL statement). A batch costs the same number of round trips whatever its size (decision 0135).
 */
class BatchRoundTripsTest {
    /**
     * Round trips of one batch: facts under locks, then the apply with every answer and the commit
     * (decision 0170; three before it, when the answers followed a read-back).
     */
    static final int ROUND_TRIPS_PER_BATCH = 2;
    /** A game load's hold, EXECUTING with its history, and its audit row and event, statement by statement. */
    static final int GAME_LOAD_WRITES_MAX = 8;

    private static DomainGraph graph;
    private static PgClaimOwners owners;
    private static PgIdempotencyRecords records;
    private static final AtomicInteger KEYS = new AtomicInteger();

    @BeforeAll
    static void start() {
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, new CountingProvider(ProviderKind.GAME_LOAD)));
        owners = new PgClaimOwners(graph.database);
        records = new PgIdempotencyRecords(graph.tx, owners);
    }

    @AfterAll
    static void stop() {
        owners.close();
        graph.close();
    }

    /** Messages the driver sent on the calling thread while {@code work} ran. */
    record Wire(int roundTrips, int statements) {
    }

    static <T> Wire countWire(Supplier<T> work) {
        Logger driver = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
        long thread = Thread.currentThread().getId();
        AtomicInteger syncs = new AtomicInteger();
        AtomicInteger executes = new AtomicInteger();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLongThreadID() != thread || record.getMessage() == null) {
                    return;
                }
                String message = record.getMessage();
                if (message.startsWith(" FE=> Sync")) {
                    syncs.incrementAndGet();
                } else if (message.startsWith(" FE=> Execute")) {
                    executes.incrementAndGet();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        Level before = driver.getLevel();
        driver.setLevel(Level.FINEST);
        driver.addHandler(handler);
        try {
            work.get();
        } finally {
            driver.removeHandler(handler);
            driver.setLevel(before);
        }
        return new Wire(syncs.get(), executes.get());
    }

    private List<DepositApproval> deposits(String player, int count, boolean withKeys) {
        graph.player(player, "USD");
        List<DepositApproval> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = graph.submit("DEPOSIT", player, 100 + i, null, null).id();
            Actor actor = DomainGraph.operator("checker");
            batch.add(new DepositApproval(id, actor, null, withKeys ? receipt(actor, id) : null));
        }
        return batch;
    }

    private static ApprovalReceipt receipt(Actor actor, long orderId) {
        return TestReceipts.of(records, "test:" + actor.id(), "round-trips-" + KEYS.incrementAndGet(), orderId);
    }

    private Wire oneBatch(List<DepositApproval> batch) {
        List<DepositBatch.Answer> answers = new ArrayList<>();
        Wire wire = countWire(() -> answers.addAll(graph.deposits.decideAsOneBatch(batch)));
        assertThat(answers).hasSize(batch.size());
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.refusal()).isNull();
            assertThat(a.outcome().kind()).isEqualTo(DepositOutcome.Kind.APPROVED);
            assertThat(a.outcome().listed().order().status()).isEqualTo(OrderStatus.APPROVED_EXECUTED);
        });
        return wire;
    }

    /**
     * A game load's first step (hold and EXECUTING) is decided in the batch too, with no batch
     * transaction of its own; its writes go through the ledger's and the orders' stores one
     * statement at a time, so each game load adds its own round trips to the batch's three.
     */
    @Test
    void aGameLoadAddsOnlyItsOwnWritesToTheBatch() {
        Wire[] wires = new Wire[3];
        int run = 0;
        for (int n : new int[] {1, 1, 2}) { // the first opens the house account and warms the statements
            String player = "loader-" + run++;
            graph.player(player, "USD");
            graph.fund(player, 10_000);
            List<DepositApproval> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long id = graph.submit("GAME_LOAD", player, 100 + i, "Pusoy", null).id();
                batch.add(new DepositApproval(id, DomainGraph.operator("checker"), null,
                        receipt(DomainGraph.operator("checker"), id)));
            }
            List<DepositBatch.Answer> answers = new ArrayList<>();
            wires[n] = countWire(() -> answers.addAll(graph.deposits.decideAsOneBatch(batch)));
            assertThat(answers).allSatisfy(a -> assertThat(a.outcome().kind()).isEqualTo(DepositOutcome.Kind.EXECUTION_BEGUN));
        }
        int perGameLoad = wires[2].roundTrips() - wires[1].roundTrips();
        System.out.printf("game loads in a batch: 1 -> %s, 2 -> %s%n", wires[1], wires[2]);
        assertThat(wires[1].roundTrips() - perGameLoad).as("the batch's own round trips")
                .isEqualTo(ROUND_TRIPS_PER_BATCH);
        assertThat(perGameLoad).as("a game load's own writes").isLessThanOrEqualTo(GAME_LOAD_WRITES_MAX);
    }

    @Test
    void aBatchCostsTheSameRoundTripsWhateverItsSize() {
        oneBatch(deposits("warm", 2, true)); // the pool's connections and the driver's statement cache warm up
        for (boolean withKeys : new boolean[] {true, false}) {
            Wire one = oneBatch(deposits("one-" + withKeys, 1, withKeys));
            Wire sixteen = oneBatch(deposits("sixteen-" + withKeys, 16, withKeys));
            System.out.printf("batch round trips (keys %s): 1 approval %s, 16 approvals %s%n", withKeys, one, sixteen);
            assertThat(sixteen.roundTrips()).as("keys " + withKeys).isEqualTo(one.roundTrips())
                    .isEqualTo(ROUND_TRIPS_PER_BATCH);
            assertThat(sixteen.statements()).as("keys " + withKeys).isEqualTo(one.statements());
        }
    }
}
