package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.server.support.ExecutionFixture.key;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import teller.server.provider.ProviderKind;
import teller.server.support.ChildServer;
import teller.server.support.ExecutionFixture;
import teller.server.support.FakeProvider;
import teller.server.support.TestPostgres;

/**
 * A write retried after its server was killed (issue 15: 409 IDEMPOTENCY_IN_PROGRESS for up to two
 * minutes). The production {@code serve} runs in a child JVM and is SIGKILLed while an approve sent
 * with an Idempotency-Key holds its claim; the same request sent to the restarted server is
 * answered at once, because the claim's owner session died with the child (decision 0070).
 */
class IdempotencyOwnerCrashTest {
    private static final Duration ANSWER_AFTER_RESTART_MAX = Duration.ofSeconds(10);

    @Test
    void writeRetriedAfterItsServerWasKilledIsAnsweredAtOnce() throws Exception {
        String database = TestPostgres.freshDatabase();
        try (FakeProvider provider = FakeProvider.start()) {
            Path log = Files.createTempFile("teller-idempotency-child", ".log");
            Process child = ChildServer.start(database, log, Map.of(
                    "PAYOUT_API_URL", provider.baseUrl(), "PAYOUT_API_TOKEN", FakeProvider.TOKEN,
                    "PROVIDER_CALL_TIMEOUT_MS", "60000", "PROVIDER_ATTEMPTS_MAX", "1",
                    // The approve waits for the provider, so its claim is held when the child dies.
                    "APPROVE_WAIT_MS", "60000", "EXECUTION_LEASE_SECONDS", "90", "RECOVERY_INTERVAL_SECONDS", "3600"));
            String idempotencyKey = "approve-after-crash";
            Map<String, Object> body = Map.of("note", "checked");
            long order;
            try {
                var crashing = ExecutionFixture.attach(ChildServer.awaitListening(child, log), database);
                String player = crashing.fundedPlayer(10_000);
                order = crashing.order("WITHDRAWAL", player, 1_500);
                provider.script(key(order, 1), FakeProvider.Behaviour.PARK);
                long parkedOrder = order;
                CompletableFuture.runAsync(() -> {
                    try {
                        crashing.admin.post("/api/v1/orders/" + parkedOrder + "/approve", body,
                                Map.of("Idempotency-Key", idempotencyKey));
                    } catch (RuntimeException connectionLost) {
                        // the child dies under this request: that is the test
                    }
                });
                ExecutionFixture.await(Duration.ofSeconds(60), "the approve to reach the provider",
                        () -> provider.parked(key(parkedOrder, 1)) == 1);
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child died").isTrue();
            }
            provider.releaseHeld();

            try (var restarted = ExecutionFixture.start(b -> b.database(database, null, null)
                    .providers(ExecutionFixture.fastSettings(ProviderKind.GAME_LOAD, provider.baseUrl()),
                            ExecutionFixture.fastSettings(ProviderKind.PAYOUT, provider.baseUrl())))) {
                long sent = System.nanoTime();
                var reply = restarted.admin.post("/api/v1/orders/" + order + "/approve", body,
                        Map.of("Idempotency-Key", idempotencyKey));
                Duration took = Duration.ofNanos(System.nanoTime() - sent);

                assertThat(reply.text()).doesNotContain("IDEMPOTENCY_IN_PROGRESS");
                assertThat(took).as("answered within %s of the server being ready", ANSWER_AFTER_RESTART_MAX)
                        .isLessThan(ANSWER_AFTER_RESTART_MAX);
                assertThat(provider.executions(key(order, 1))).as("never executed twice").isLessThanOrEqualTo(1);
            }
        }
    }
}
