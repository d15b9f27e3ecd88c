package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * The same races as ConcurrentApprovalTest, end to end over real HTTP against the real server
 * (sandbox providers): 32 requests at once still make one order and one execution.
 */
class HttpRaceTest {
    private static final int THREADS = 32;
    private static ServerCore server;
    private static ApiClient admin;
    private static ApiClient clerk;

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b.sandboxProviders(true));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        admin.post("/api/v1/operators", Map.of("username", "racer", "password", "racer-password-1", "roles", List.of("APPROVER")));
        clerk = ApiClient.signedIn(server.baseUrl(), "racer", "racer-password-1");
        assertThat(admin.post("/api/v1/players", Map.of("id", "hr1", "username", "racing", "currency", "USD")).status())
                .isEqualTo(201);
        String deposit = clerk.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", "hr1", "amount", 10_000,
                "currency", "USD", "source", Map.of("channel", "PORTAL"))).at("/id");
        assertThat(admin.post("/api/v1/orders/" + deposit + "/approve", Map.of()).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<Reply> race(IntFunction<Reply> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < THREADS; i++) {
                int caller = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return request.apply(caller);
                }));
            }
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> future : futures) {
                replies.add(future.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String gameLoad(long amount, String key) {
        Reply created = clerk.post("/api/v1/orders", Map.of("type", "GAME_LOAD", "playerId", "hr1", "amount", amount,
                "currency", "USD", "gameName", "Pusoy", "source", Map.of("channel", "API")), Map.of("Idempotency-Key", key));
        assertThat(created.status()).as(created.text()).isIn(200, 201);
        return created.at("/id");
    }

    private static void assertOneLedgerTransactionAndBalanced(String orderId) {
        Reply detail = admin.get("/api/v1/orders/" + orderId);
        assertThat(detail.body().get("ledgerTransactionIds")).as(detail.text()).hasSize(1);
        Reply verify = admin.get("/api/v1/ledger/verify");
        assertThat(verify.body().get("balanced").asBoolean()).as(verify.text()).isTrue();
    }

    @Test
    void thirtyTwoIntakesWithOneKeyMakeOneOrder() throws Exception {
        var replies = race(i -> clerk.post("/api/v1/orders", Map.of("type", "GAME_LOAD", "playerId", "hr1", "amount", 111,
                "currency", "USD", "gameName", "Pusoy", "source", Map.of("channel", "API")),
                Map.of("Idempotency-Key", "http-race-intake")));

        assertThat(replies).extracting(Reply::status).containsOnly(200, 201);
        assertThat(replies).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(replies).filteredOn(r -> r.status() == 200)
                .allSatisfy(r -> assertThat(r.at("/duplicate")).isEqualTo("true"));
        assertThat(replies.stream().map(r -> r.at("/id")).distinct()).hasSize(1);
    }

    @Test
    void thirtyTwoApprovalsOfOneGameLoadExecuteOnce() throws Exception {
        long before = admin.get("/api/v1/players/hr1").body().get("balance").asLong();
        String id = gameLoad(3_000, "http-race-approve");

        var replies = race(i -> admin.post("/api/v1/orders/" + id + "/approve", Map.of()));

        assertThat(replies).filteredOn(r -> r.status() == 200).singleElement()
                .satisfies(r -> assertThat(r.at("/status")).isEqualTo("APPROVED_EXECUTED"));
        assertThat(replies).filteredOn(r -> r.status() != 200).hasSize(THREADS - 1)
                .allSatisfy(r -> {
                    assertThat(r.status()).as(r.text()).isEqualTo(409);
                    assertThat(r.at("/error/code")).isEqualTo("ORDER_NOT_PENDING");
                });
        assertThat(admin.get("/api/v1/players/hr1").body().get("balance").asLong()).isEqualTo(before - 3_000);
        assertOneLedgerTransactionAndBalanced(id);
    }

    @Test
    void thirtyTwoApprovalsWithOneIdempotencyKeyAllGetTheOriginalAnswer() throws Exception {
        long before = admin.get("/api/v1/players/hr1").body().get("balance").asLong();
        String id = gameLoad(2_000, "http-race-replay");

        var replies = race(i -> admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "ok"),
                Map.of("Idempotency-Key", "approve-" + id)));

        assertThat(replies).allSatisfy(r -> {
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.at("/status")).isEqualTo("APPROVED_EXECUTED");
        });
        assertThat(replies).filteredOn(r -> "true".equals(r.at("/duplicate"))).hasSize(THREADS - 1);
        assertThat(admin.get("/api/v1/players/hr1").body().get("balance").asLong()).isEqualTo(before - 2_000);
        assertOneLedgerTransactionAndBalanced(id);
    }
}
