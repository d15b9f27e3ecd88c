package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.config.RateLimitSettings;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.DomainGraph;
import teller.server.support.TestServer;

/**
 * Token buckets per bearer token and per client address, with small limits and a clock the test
 * moves (the buckets refill from it), over real HTTP. Every test client here shares 127.0.0.1.
 */
class RateLimitTest {
    private static final long TOKEN_PER_SECOND = 2;
    private static final long TOKEN_BURST = 8;
    private static final long ADDRESS_PER_SECOND = 10;
    private static final long ADDRESS_BURST = 40;

    static final DomainGraph.MutableClock clock = new DomainGraph.MutableClock();
    static ServerCore server;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock, b -> b.rateLimits(
                new RateLimitSettings(TOKEN_PER_SECOND, TOKEN_BURST, ADDRESS_PER_SECOND, ADDRESS_BURST)));
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        for (String name : List.of("first", "second")) {
            assertThat(admin.post("/api/v1/operators", Map.of("username", name, "password", name + "-password",
                    "roles", List.of("VIEWER"))).status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Every test starts with full buckets. */
    @BeforeEach
    void refill() {
        clock.advance(Duration.ofSeconds(ADDRESS_BURST / ADDRESS_PER_SECOND + TOKEN_BURST / TOKEN_PER_SECOND + 1));
    }

    @Test
    void aTokenThatExceedsItsBurstGets429WithRetryAfterWhileAnotherTokenGoesOn() {
        ApiClient first = ApiClient.signedIn(server.baseUrl(), "first", "first-password");
        ApiClient second = ApiClient.signedIn(server.baseUrl(), "second", "second-password");
        for (int i = 0; i < TOKEN_BURST; i++) {
            assertThat(first.get("/api/v1/me").status()).as("request %d", i + 1).isEqualTo(200);
        }
        Reply limited = first.get("/api/v1/me");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.at("/error/code")).isEqualTo("RATE_LIMITED");
        assertThat(limited.body().at("/error/details/retryAfterSeconds").asLong()).isPositive();
        assertThat(second.get("/api/v1/me").status()).as("the other token has its own bucket").isEqualTo(200);

        clock.advance(Duration.ofMillis(1_000 / TOKEN_PER_SECOND));
        assertThat(first.get("/api/v1/me").status()).as("refilled by one request").isEqualTo(200);
        assertThat(first.get("/api/v1/me").status()).isEqualTo(429);
    }

    @Test
    void oneAddressThatExceedsItsBurstGets429EvenForSignInAndHealthStaysUp() {
        ApiClient anonymous = new ApiClient(server.baseUrl());
        int answered = 0;
        while (answered < ADDRESS_BURST && anonymous.get("/api/v1/me").status() == 401) {
            answered++;
        }
        assertThat(answered).as("requests before the address bucket ran dry").isEqualTo((int) ADDRESS_BURST);
        Reply limited = anonymous.get("/api/v1/me");
        assertThat(limited.status()).isEqualTo(429);
        Reply login = anonymous.post("/api/v1/auth/login", Map.of("username", "first", "password", "first-password"));
        assertThat(login.status()).as("password guessing is slowed per address").isEqualTo(429);
        assertThat(anonymous.get("/health").status()).as("health checks are not API calls").isEqualTo(200);

        clock.advance(Duration.ofSeconds(1));
        assertThat(anonymous.post("/api/v1/auth/login", Map.of("username", "first", "password", "first-password"))
                .status()).isEqualTo(200);
    }
}
