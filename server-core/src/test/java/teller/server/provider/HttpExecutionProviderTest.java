package teller.server.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.support.FakeProvider;

/** The HTTP provider client on its own, against the fake provider over real HTTP (no database). */
class HttpExecutionProviderTest {
    private static final AtomicInteger ORDERS = new AtomicInteger(1_000);
    /**
     * No test here is about timeouts, and several count the POSTs the provider saw. A call that
     * outlives the timeout is retried with the same key (by design: the provider answers the stored
     * outcome), which such a count would see as a second request; so the timeout is far beyond any
     * stall of a loaded machine. The first call of a fresh JVM also loads OkHttp, Jackson and the
     * fake's HTTP server, which took over the former 1 s under load.
     */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    static FakeProvider fake;
    static OkHttpClient http = new OkHttpClient();

    @BeforeAll
    static void start() {
        fake = FakeProvider.start();
    }

    @AfterAll
    static void stop() {
        fake.close();
        http.dispatcher().executorService().shutdown();
    }

    @Test
    void executeSendsTheContractAndLookupReturnsTheStoredOutcome() {
        var provider = provider(ProviderKind.PAYOUT, fake.baseUrl(), 3, 100);
        var request = request(null);

        var outcome = provider.execute(request);

        assertThat(outcome).isInstanceOf(ProviderOutcome.Succeeded.class);
        String transactionId = ((ProviderOutcome.Succeeded) outcome).transactionId();
        assertThat(transactionId).startsWith("fake-tx-");
        assertThat(outcome.result()).containsEntry("httpStatus", 200).containsEntry("success", true);
        assertThat(fake.lastAuthorization(request.idempotencyKey())).isEqualTo("Bearer " + FakeProvider.TOKEN);
        var found = provider.lookup(request.idempotencyKey());
        assertThat(found).isInstanceOf(ProviderLookup.Found.class);
        assertThat(((ProviderOutcome.Succeeded) ((ProviderLookup.Found) found).outcome()).transactionId())
                .isEqualTo(transactionId);
        assertThat(provider.lookup("never-sent:1")).isInstanceOf(ProviderLookup.NotFound.class);
    }

    @Test
    void trailingSlashesOfTheBaseUrlAreIgnored() {
        var provider = provider(ProviderKind.GAME_LOAD, fake.baseUrl() + "//", 3, 100);
        var request = request("pusoy");

        assertThat(provider.execute(request)).isInstanceOf(ProviderOutcome.Succeeded.class);
        assertThat(fake.requests(request.idempotencyKey())).isEqualTo(1);
        assertThat(fake.executions(request.idempotencyKey())).isEqualTo(1);
        assertThat(provider.status().baseUrl()).isEqualTo(fake.baseUrl());
    }

    @Test
    void baseUrlThatIsNotHttpIsRefusedAtStart() {
        assertThatThrownBy(() -> provider(ProviderKind.PAYOUT, "payouts.example.com", 3, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PAYOUT_API_URL");
    }

    @Test
    void refusalIsAnAnswerAndIsNotRetried() {
        var provider = provider(ProviderKind.GAME_LOAD, fake.baseUrl(), 3, 100);
        var request = request("pusoy");
        fake.script(request.idempotencyKey(), FakeProvider.Behaviour.REFUSE);

        var outcome = provider.execute(request);

        assertThat(outcome).isInstanceOf(ProviderOutcome.Refused.class);
        assertThat(((ProviderOutcome.Refused) outcome).errorCode()).isEqualTo("ACCOUNT_LOCKED");
        assertThat(fake.requests(request.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedUpToTheBoundThenSettledByLookup() {
        var provider = provider(ProviderKind.GAME_LOAD, fake.baseUrl(), 3, 100);
        var request = request("pusoy");
        fake.script(request.idempotencyKey(), FakeProvider.Behaviour.FAIL_5XX, FakeProvider.Behaviour.FAIL_5XX,
                FakeProvider.Behaviour.FAIL_5XX, FakeProvider.Behaviour.SUCCEED);

        var outcome = provider.execute(request);

        assertThat(outcome).isInstanceOf(ProviderOutcome.Failed.class);
        assertThat(((ProviderOutcome.Failed) outcome).errorCode()).isEqualTo("GAME_LOAD_API_ERROR");
        assertThat(fake.requests(request.idempotencyKey())).as("attemptsMax").isEqualTo(3);
        assertThat(fake.lookups(request.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void unreachableProviderFailsWithoutAnyUncertainty() {
        var provider = provider(ProviderKind.PAYOUT, "http://127.0.0.1:" + closedPort(), 2, 100);

        var outcome = provider.execute(request(null));

        assertThat(outcome).isInstanceOf(ProviderOutcome.Failed.class);
        assertThat(((ProviderOutcome.Failed) outcome).errorCode()).isEqualTo("PAYOUT_API_UNREACHABLE");
        assertThat(provider.lookup("any:1")).isInstanceOf(ProviderLookup.Unreachable.class);
    }

    @Test
    void answerLostAfterExecutionWithLookupsDownIsUnknownNotFailed() {
        var provider = provider(ProviderKind.PAYOUT, fake.baseUrl(), 1, 100);
        var request = request(null);
        fake.script(request.idempotencyKey(), FakeProvider.Behaviour.EXECUTE_THEN_DROP).lookupsFail(true);
        // On a fresh connection: a drop on a pooled one that served earlier tests is sent again
        // (ProviderClosedConnectionsTest), which would learn the outcome this test is about losing.
        http.connectionPool().evictAll();
        try {
            var outcome = provider.execute(request);

            assertThat(outcome).as("the provider did execute; nothing may be released")
                    .isInstanceOf(ProviderOutcome.Unknown.class);
        } finally {
            fake.lookupsFail(false);
        }
        assertThat(fake.executions(request.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void answerDroppedOnAReusedConnectionIsSentAgainAndLearnsTheOutcome() {
        var provider = provider(ProviderKind.PAYOUT, fake.baseUrl(), 1, 100);
        assertThat(provider.execute(request(null))).isInstanceOf(ProviderOutcome.Succeeded.class);
        var request = request(null);
        fake.script(request.idempotencyKey(), FakeProvider.Behaviour.EXECUTE_THEN_DROP);

        var outcome = provider.execute(request);

        assertThat(outcome).isInstanceOf(ProviderOutcome.Succeeded.class);
        assertThat(fake.requests(request.idempotencyKey())).isEqualTo(2);
        assertThat(fake.executions(request.idempotencyKey())).isEqualTo(1);
    }

    @Test
    void openCircuitShortCircuitsCallsUntilItsWaitIsOver() throws Exception {
        var provider = provider(ProviderKind.GAME_LOAD, fake.baseUrl(), 1, 4);
        for (int i = 0; i < 4; i++) {
            var failing = request("pusoy");
            fake.script(failing.idempotencyKey(), FakeProvider.Behaviour.FAIL_5XX);
            assertThat(provider.execute(failing)).isInstanceOf(ProviderOutcome.Failed.class);
        }
        assertThat(provider.status().circuitBreakerState()).isEqualTo("OPEN");

        var blocked = request("pusoy");
        var outcome = provider.execute(blocked);

        assertThat(((ProviderOutcome.Failed) outcome).errorCode()).isEqualTo("GAME_LOAD_API_CIRCUIT_OPEN");
        assertThat(fake.requests(blocked.idempotencyKey())).isZero();
        Thread.sleep(1_100);
        assertThat(provider.execute(blocked)).isInstanceOf(ProviderOutcome.Succeeded.class);
        assertThat(provider.status().circuitBreakerState()).isEqualTo("HALF_OPEN");
    }

    private static HttpExecutionProvider provider(ProviderKind kind, String baseUrl, int attempts, int breakerWindow) {
        var settings = new ProviderSettings(kind, baseUrl, FakeProvider.TOKEN, CALL_TIMEOUT, attempts,
                Duration.ofMillis(20), Duration.ofMillis(50), breakerWindow, 50f, Duration.ofSeconds(1));
        return new HttpExecutionProvider(settings, http, new ObjectMapper(), CircuitBreakerRegistry.ofDefaults(),
                RetryRegistry.ofDefaults());
    }

    private static ProviderRequest request(String game) {
        int order = ORDERS.incrementAndGet();
        return new ProviderRequest(String.valueOf(order), "player-1", game, 2_500, "USD", order + ":1");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
