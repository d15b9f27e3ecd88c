package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.server.support.ExecutionFixture.key;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderSettings;
import teller.server.support.ExecutionFixture;
import teller.server.support.FakeProvider;

/**
 * Regression: an execution that waited in the queue past its lease must not call the provider
 * once recovery has taken the attempt over. Here one execution thread is kept busy by a slow
 * provider call, so a second approval's execution waits in the queue while its (deliberately
 * short) lease runs out and recovery settles it; when the queued execution finally runs, it finds
 * the lease changed and sends nothing. Also: an answer that comes after the approve request gave up
 * waiting (202) still settles the order through its own execution, within the lease.
 */
class ExecutionLeaseFenceTest {
    static FakeProvider provider;
    static ExecutionFixture teller;

    @BeforeAll
    static void start() {
        provider = FakeProvider.start();
        ProviderSettings slow = new ProviderSettings(ProviderKind.GAME_LOAD, provider.baseUrl(), FakeProvider.TOKEN,
                Duration.ofSeconds(30), 1, Duration.ofMillis(50), Duration.ofMillis(100), 100, 100f, Duration.ofSeconds(1));
        teller = ExecutionFixture.start(b -> b
                .providers(slow, ExecutionFixture.fastSettings(ProviderKind.PAYOUT, provider.baseUrl()))
                .executionThreads(1)
                .execution(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        teller.close();
        provider.close();
    }

    @Test
    void slowAnswerArrivingAfterTheApproveWaitStillFinishesTheOrderWithoutRecovery() {
        String player = teller.fundedPlayer(10_000);
        long order = teller.order("GAME_LOAD", player, 1_000);
        provider.script(key(order, 1), FakeProvider.Behaviour.EXECUTE_THEN_HANG);

        var approved = teller.approve(order);
        assertThat(approved.status()).as(approved.text()).isEqualTo(202);
        assertThat(approved.at("/status")).isEqualTo("EXECUTING");
        ExecutionFixture.await(Duration.ofSeconds(10), "the provider to execute",
                () -> provider.executions(key(order, 1)) == 1);
        provider.releaseHeld();

        ExecutionFixture.await(Duration.ofSeconds(10), "the execution to finish",
                () -> "APPROVED_EXECUTED".equals(teller.status(order)));
        assertThat(provider.lookups(key(order, 1))).as("settled by its own execution, not by recovery").isZero();
        assertThat(provider.requests(key(order, 1))).isEqualTo(1);
        assertThat(teller.balance(player)).isEqualTo(9_000);
        teller.assertLedgerClean();
    }

    @Test
    void queuedExecutionWhoseLeaseRanOutLeavesTheOrderToRecoveryAndSendsNothing() throws Exception {
        String player = teller.fundedPlayer(10_000);
        long busy = teller.order("GAME_LOAD", player, 1_000);
        long queued = teller.order("GAME_LOAD", player, 2_000);
        provider.script(key(busy, 1), FakeProvider.Behaviour.EXECUTE_THEN_HANG)
                .script(key(queued, 1), FakeProvider.Behaviour.REFUSE);

        assertThat(teller.approve(busy).status()).isEqualTo(202);
        ExecutionFixture.await(Duration.ofSeconds(10), "the busy call to occupy the only execution thread",
                () -> provider.executions(key(busy, 1)) == 1);
        assertThat(teller.approve(queued).status()).isEqualTo(202);

        ExecutionFixture.await(Duration.ofSeconds(30), "recovery to settle both orders",
                () -> teller.executingOrders() == 0);
        assertThat(teller.status(busy)).isEqualTo("APPROVED_EXECUTED");
        assertThat(teller.status(queued)).isEqualTo("APPROVED_FAILED");
        assertThat(provider.requests(key(queued, 1))).as("recovery sent the key once").isEqualTo(1);

        provider.releaseHeld(); // frees the execution thread; the queued execution runs now
        Thread.sleep(2_000);

        assertThat(provider.requests(key(queued, 1))).as("the stale execution sent nothing").isEqualTo(1);
        assertThat(provider.requests(key(busy, 1))).isEqualTo(1);
        assertThat(teller.status(busy)).isEqualTo("APPROVED_EXECUTED");
        assertThat(teller.status(queued)).isEqualTo("APPROVED_FAILED");
        assertThat(teller.balance(player)).isEqualTo(9_000);
        teller.assertLedgerClean();
    }
}
