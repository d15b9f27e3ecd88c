package teller.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import teller.server.ServerCore;
import teller.server.config.ServerConfig;
import teller.server.provider.ExecutionProvider;
import teller.server.provider.HttpExecutionProvider;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderSettings;

/**
 * A real server-core for execution tests, spoken to over real HTTP: an admin (who approves) and a
 * clerk (who enters orders, so maker and checker differ), players funded through approved deposits,
 * and the checks every scenario ends with (ledger verify, holds settled, outbox events).
 */
public final class ExecutionFixture implements AutoCloseable {
    public static final String GAME = "pusoy";
    private static final AtomicInteger PLAYERS = new AtomicInteger();

    /** The in-process server, or null when the fixture speaks to a server in another process. */
    public final ServerCore server;
    public final ApiClient admin;
    public final ApiClient clerk;
    private final Jdbi jdbi;

    private ExecutionFixture(ServerCore server, String baseUrl, Jdbi jdbi) {
        this.server = server;
        this.jdbi = jdbi;
        this.admin = ApiClient.signedIn(baseUrl, "admin", TestServer.ADMIN_PASSWORD);
        // A server restarted over an earlier database finds the clerk there already; signing in proves it.
        admin.post("/api/v1/operators",
                Map.of("username", "clerk", "password", "clerk-password-1", "roles", List.of("APPROVER")));
        this.clerk = ApiClient.signedIn(baseUrl, "clerk", "clerk-password-1");
    }

    public static ExecutionFixture start(UnaryOperator<ServerConfig.Builder> customize) {
        ServerCore server = TestServer.start(customize);
        return new ExecutionFixture(server, server.baseUrl(), server.database().jdbi());
    }

    /** Speaks to a server-core running elsewhere (another process) over its API and its database. */
    public static ExecutionFixture attach(String baseUrl, String databaseUrl) {
        return new ExecutionFixture(null, baseUrl, Jdbi.create(databaseUrl));
    }

    /**
     * Provider settings for tests: short timeouts and backoff so failure scenarios take seconds, and a
     * circuit breaker that only opens when every recent call failed (breaker tests set their own).
     */
    public static ProviderSettings fastSettings(ProviderKind kind, String baseUrl) {
        return new ProviderSettings(kind, baseUrl, FakeProvider.TOKEN, Duration.ofMillis(1_500), 2, Duration.ofMillis(50),
                Duration.ofMillis(100), 100, 100f, Duration.ofSeconds(1));
    }

    // ---------------------------------------------------------------- players and orders

    /** A new player whose wallet holds {@code funded} minor units (an approved deposit), or nothing. */
    public String fundedPlayer(long funded) {
        String id = "p" + PLAYERS.incrementAndGet();
        var player = admin.post("/api/v1/players", Map.of("id", id, "username", "user-" + id, "currency", "USD"));
        assertThat(player.status()).as(player.text()).isEqualTo(201);
        // Execution scenarios withdraw, which a server with default settings allows only after KYC.
        var kyc = admin.post("/api/v1/players/" + id + "/kyc", Map.of("status", "VERIFIED"));
        assertThat(kyc.status()).as(kyc.text()).isEqualTo(200);
        if (funded > 0) {
            long deposit = order("DEPOSIT", id, funded);
            var approved = approve(deposit);
            assertThat(approved.at("/status")).as(approved.text()).isEqualTo("APPROVED_EXECUTED");
        }
        return id;
    }

    /** An order entered by the clerk; GAME_LOAD orders load {@link #GAME}. */
    public long order(String type, String playerId, long amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("playerId", playerId);
        body.put("amount", amount);
        body.put("currency", "USD");
        body.put("source", Map.of("channel", "PORTAL"));
        if ("GAME_LOAD".equals(type)) {
            body.put("gameName", GAME);
        }
        var reply = clerk.post("/api/v1/orders", body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return Long.parseLong(reply.at("/id"));
    }

    public ApiClient.Reply approve(long orderId) {
        return admin.post("/api/v1/orders/" + orderId + "/approve", Map.of("note", "checked"));
    }

    public ApiClient.Reply reject(long orderId, String reason) {
        return admin.post("/api/v1/orders/" + orderId + "/reject", Map.of("reason", reason));
    }

    public ApiClient.Reply retry(long orderId) {
        return admin.post("/api/v1/orders/" + orderId + "/retry", Map.of());
    }

    public ApiClient.Reply voidOrder(long orderId, String reason) {
        return admin.post("/api/v1/orders/" + orderId + "/void", Map.of("reason", reason));
    }

    public JsonNode order(long orderId) {
        var reply = admin.get("/api/v1/orders/" + orderId);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.body();
    }

    public String status(long orderId) {
        return order(orderId).get("status").asText();
    }

    public static String key(long orderId, int attempt) {
        return orderId + ":" + attempt;
    }

    // ---------------------------------------------------------------- ledger

    public long balance(String playerId) {
        return admin.get("/api/v1/players/" + playerId).body().get("balance").asLong();
    }

    public long available(String playerId) {
        return admin.get("/api/v1/players/" + playerId).body().get("available").asLong();
    }

    /** PENDING, POSTED or VOIDED. */
    public String transactionStatus(String transactionId) {
        var reply = admin.get("/api/v1/ledger/transactions/" + transactionId);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.at("/status");
    }

    /** Balance of a house account as the ledger API shows it (0 when it was never opened). */
    public long accountBalance(String code) {
        var reply = admin.get("/api/v1/ledger/accounts?code=" + code);
        for (JsonNode account : reply.body().get("items")) {
            if (code.equals(account.get("code").asText())) {
                return account.get("balance").asLong();
            }
        }
        return 0;
    }

    /**
     * What every scenario ends with: the ledger verifies clean, no hold is left pending on an order
     * that is no longer executing, and no order is left EXECUTING unless the test expects it.
     */
    public void assertLedgerClean() {
        var verify = admin.get("/api/v1/ledger/verify");
        assertThat(verify.status()).isEqualTo(200);
        assertThat(verify.body().get("balanced").asBoolean()).as(verify.text()).isTrue();
        assertThat(verify.body().get("discrepancies")).as(verify.text()).isEmpty();
        List<String> strayHolds = jdbi.withHandle(h -> h.createQuery("""
                        SELECT o.id || ' ' || o.status FROM orders o JOIN ledger_transactions t ON t.order_id = o.id
                         WHERE t.status = 'PENDING' AND o.status <> 'EXECUTING'""").mapTo(String.class).list());
        assertThat(strayHolds).as("holds left pending on settled orders").isEmpty();
    }

    public int executingOrders() {
        return jdbi.withHandle(h ->
                h.createQuery("SELECT count(*) FROM orders WHERE status = 'EXECUTING'").mapTo(Integer.class).one());
    }

    /** Outbox event types of an order, oldest first. */
    public List<String> events(long orderId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT event_type FROM outbox_events WHERE aggregate_type = 'ORDER' AND aggregate_id = :id ORDER BY id""")
                .bind("id", String.valueOf(orderId)).mapTo(String.class).list());
    }

    /** The payloads of the outbox events of one aggregate, e.g. PROVIDER_STATE_CHANGED of "GAME_LOAD", oldest first. */
    public List<String> outboxPayloads(String eventType, String aggregateId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT payload::text FROM outbox_events WHERE event_type = :type AND aggregate_id = :id ORDER BY id""")
                .bind("type", eventType).bind("id", aggregateId).mapTo(String.class).list());
    }

    /** The status changes an order went through, as "FROM->TO". */
    public List<String> transitions(long orderId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(from_status, '') || '->' || to_status
                          FROM order_history WHERE order_id = :id ORDER BY id""")
                .bind("id", orderId).mapTo(String.class).list());
    }

    public HttpExecutionProvider httpProvider(ProviderKind kind) {
        ExecutionProvider provider = server.services().providers().get(kind);
        return (HttpExecutionProvider) provider;
    }

    /** Waits for a condition the server reaches on its own (workers); fails after {@code timeout}. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
