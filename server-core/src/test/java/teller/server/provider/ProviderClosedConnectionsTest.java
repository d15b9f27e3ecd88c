package teller.server.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import teller.server.chaos.ChaosProvider;
import teller.server.chaos.ChaosProvider.ConnectionStyle;
import teller.server.support.ExecutionFixture;

/**
 * Providers that close their connections (issue 15: 3,467 orders ended APPROVED_FAILED after 24
 * POSTs to an HTTP/1.0 provider). A request that failed on a reused pooled connection before any
 * answer is sent again with the same key: no spurious failure, no open breaker, no double execution.
 */
class ProviderClosedConnectionsTest {
    private static final AtomicInteger ORDERS = new AtomicInteger(50_000);
    private static final int CALLS = 12;
    /** A low breaker bound: three spurious failures in a row would open it, so the test would see them. */
    private static final int BREAKER_WINDOW = 4;
    private static final OkHttpClient HTTP = new OkHttpClient();

    @AfterAll
    static void stop() {
        HTTP.dispatcher().executorService().shutdown();
        HTTP.connectionPool().evictAll();
    }

    @Test
    void providerAnsweringHttp10AndClosingEveryConnectionExecutesEveryOrderOnce() throws Exception {
        try (ChaosProvider payouts = ChaosProvider.start("payouts", ConnectionStyle.HTTP_1_0_CLOSE, Duration.ofSeconds(30))) {
            var provider = provider(ProviderKind.PAYOUT, payouts.baseUrl());
            for (int i = 0; i < CALLS; i++) {
                var request = request();

                var outcome = provider.execute(request);

                assertThat(outcome).as("call %d", i).isInstanceOf(ProviderOutcome.Succeeded.class);
                assertThat(payouts.executions(request.idempotencyKey())).isEqualTo(1);
                assertThat(provider.lookup(request.idempotencyKey())).isInstanceOf(ProviderLookup.Found.class);
            }
            assertThat(provider.status().circuitBreakerState()).isEqualTo("CLOSED");
            assertThat(payouts.keysExecutedTwice()).isEmpty();
            assertThat(payouts.posts()).as("each order posted once").isEqualTo(CALLS);
        }
    }

    @Test
    void providerClosingIdleKeepAliveConnectionsAfterOneSecondCausesNoFailure() throws Exception {
        try (ChaosProvider loads = ChaosProvider.start("game-loads", ConnectionStyle.KEEP_ALIVE, Duration.ofSeconds(1))) {
            var provider = provider(ProviderKind.GAME_LOAD, loads.baseUrl());
            for (int i = 0; i < CALLS / 2; i++) {
                int closedBefore = loads.idleCloses();
                var request = request();

                var outcome = provider.execute(request);
                // The next call finds its pooled connection closed by the provider's idle timeout.
                ExecutionFixture.await(Duration.ofSeconds(20), "the provider to close the idle connection",
                        () -> loads.idleCloses() > closedBefore);
                var lookup = provider.lookup(request.idempotencyKey());

                assertThat(outcome).as("call %d", i).isInstanceOf(ProviderOutcome.Succeeded.class);
                assertThat(lookup).as("lookup %d", i).isInstanceOf(ProviderLookup.Found.class);
                assertThat(loads.executions(request.idempotencyKey())).isEqualTo(1);
                ExecutionFixture.await(Duration.ofSeconds(20), "the provider to close the lookup's connection",
                        () -> loads.idleCloses() > closedBefore + 1);
            }
            assertThat(provider.status().circuitBreakerState()).isEqualTo("CLOSED");
            assertThat(loads.keysExecutedTwice()).isEmpty();
            assertThat(loads.posts()).as("no POST was lost on a closed connection and resent").isEqualTo(CALLS / 2);
        }
    }

    private static HttpExecutionProvider provider(ProviderKind kind, String baseUrl) {
        // One attempt: a failure on a closed connection could not hide behind a retry.
        var settings = new ProviderSettings(kind, baseUrl, "token", Duration.ofSeconds(30), 1, Duration.ofMillis(20),
                Duration.ofMillis(50), BREAKER_WINDOW, 50f, Duration.ofSeconds(60));
        return new HttpExecutionProvider(settings, HTTP, new ObjectMapper(), CircuitBreakerRegistry.ofDefaults(),
                RetryRegistry.ofDefaults());
    }

    private static ProviderRequest request() {
        int order = ORDERS.incrementAndGet();
        return new ProviderRequest(String.valueOf(order), "player-1", "pusoy", 2_500, "USD", order + ":1");
    }
}
