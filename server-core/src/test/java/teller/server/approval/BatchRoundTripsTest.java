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
import teller.server.common.DomainException;
import teller.server.db.PgClaimOwners;
import teller.server.db.PgIdempotencyRecords;
import teller.server.orders.OrderStatus;
import teller.server.support.DomainGraph;

/**
 * What one group-commit batch of deposit approvals costs the database, counted on the wire: the
 * PostgreSQL driver's own protocol trace (its FINEST log) shows every Sync message it sends (one
 * per round trip: the driver waits for the server's answer after each) and every Execute (one per
 * SQL statement). A batch costs the same number of round trips whatever its size (decision 0135).
 */
class BatchRoundTripsTest {
    /** Round trips of one batch: facts under locks, apply with the read-back, answers with the commit. */
    static final int ROUND_TRIPS_PER_BATCH = 3;

    private static DomainGraph graph;
    private static PgClaimOwners owners;
    private static PgIdempotencyRecords records;
    private static final AtomicInteger KEYS = new AtomicInteger();

    @BeforeAll
    static void start() {
        graph = new DomainGraph(Map.of());
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
        return new ApprovalReceipt(records, "test:" + actor.id(), "round-trips-" + KEYS.incrementAndGet(),
                "POST /approve/" + orderId, "hash-" + orderId, new ApprovalReceipt.Answers() {
                    @Override
                    public ApprovalReceipt.Stored decided(ApprovalResult result) {
                        return new ApprovalReceipt.Stored(200, "{\"status\":\"" + result.order().status() + "\"}");
                    }

                    @Override
                    public ApprovalReceipt.Stored refused(DomainException refusal) {
                        return new ApprovalReceipt.Stored(409, "{\"error\":\"" + refusal.code() + "\"}");
                    }
                });
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

    @Test
    void aBatchCostsTheSameRoundTripsWhateverItsSize() {
        oneBatch(deposits("warm", 2, true)); // the pool's connections and the driver's statement cache warm up
        for (boolean withKeys : new boolean[] {true, false}) {
            Wire one = oneBatch(deposits("one-" + withKeys, 1, withKeys));
            Wire sixteen = oneBatch(deposits("sixteen-" + withKeys, 16, withKeys));
            System.out.printf("batch round trips (keys %s): 1 approval %s, 16 approvals %s%n", withKeys, one, sixteen);
            assertThat(sixteen.roundTrips()).as("keys " + withKeys).isEqualTo(one.roundTrips())
                    .isLessThanOrEqualTo(ROUND_TRIPS_PER_BATCH);
            assertThat(sixteen.statements()).as("keys " + withKeys).isEqualTo(one.statements());
        }
    }
}
