package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;

class HttpSmokeTest {
    static ServerCore server;
    static ApiClient admin;
    static ApiClient clerk;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        admin.post("/api/v1/operators", Map.of("username", "clerk", "password", "clerk-password-1", "roles", List.of("APPROVER")));
        clerk = ApiClient.signedIn(server.baseUrl(), "clerk", "clerk-password-1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void depositApprovedThroughHttpCreditsTheWallet() {
        var player = admin.post("/api/v1/players", Map.of("id", "p1", "username", "alice", "currency", "USD"));
        assertThat(player.status()).isEqualTo(201);
        var order = clerk.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", "p1", "amount", 12_345,
                "currency", "USD", "source", Map.of("channel", "PORTAL")));
        assertThat(order.status()).as(order.text()).isEqualTo(201);
        String id = order.at("/id");

        var approved = admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "proof checked"));
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.at("/status")).isEqualTo("APPROVED_EXECUTED");

        var wallet = admin.get("/api/v1/players/p1");
        assertThat(wallet.body().get("balance").asLong()).isEqualTo(12_345);
        assertThat(wallet.body().get("available").asLong()).isEqualTo(12_345);

        var verify = admin.get("/api/v1/ledger/verify");
        assertThat(verify.body().get("balanced").asBoolean()).as(verify.text()).isTrue();
    }

    @Test
    void apiRefusesCallsWithoutAToken() {
        assertThat(new ApiClient(server.baseUrl()).get("/api/v1/orders").status()).isEqualTo(401);
        assertThat(new ApiClient(server.baseUrl(), "forged").get("/api/v1/orders").status()).isEqualTo(401);
    }

    @Test
    void healthAndMetricsAnswer() {
        var anonymous = new ApiClient(server.baseUrl());
        assertThat(anonymous.get("/health").at("/status")).isEqualTo("ok");
        assertThat(anonymous.get("/health/ready").status()).isEqualTo(200);
        assertThat(anonymous.get("/metrics").text()).contains("jvm_memory_used_bytes");
    }
}
