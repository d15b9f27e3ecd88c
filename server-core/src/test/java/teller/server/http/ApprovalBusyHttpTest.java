package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * Bounded waits (decision 0101): an approval whose order row is held by another transaction, or
 * whose turn in the deposit batcher does not come within {@code APPROVAL_WAIT_MAX_MS}, answers 503
 * {@code BUSY} with Retry-After, writes nothing, keeps no stored answer for its Idempotency-Key, and
 * the same key approves normally once the row is free.
 */
class ApprovalBusyHttpTest {
    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(3_000);
    private static final Duration APPROVAL_WAIT_MAX = Duration.ofMillis(1_000);
    /** Far beyond either bound: an answer later than this is a hung request, not a bounded one. */
    private static final Duration ANSWER_MAX = Duration.ofSeconds(30);
    private static final List<String> COUNTED_TABLES = List.of("orders", "order_history", "ledger_transactions",
            "ledger_entries", "audit_log", "outbox_events", "idempotency_records", "order_approvals", "order_limit_checks");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static ServerCore server;
    private static ApiClient admin;
    private static ApiClient clerk;

    @BeforeAll
    static void start() {
        // One flusher, so an approval stuck on a held row keeps the next one waiting in the queue.
        server = TestServer.start(b -> b.approvalBatching(64, 1)
                .waits(APPROVAL_WAIT_MAX, LOCK_TIMEOUT, Duration.ofSeconds(30)));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        clerk = admin.newOperator("busy-clerk", "APPROVER");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anApprovalOfAHeldOrderAnswersBusyAndTheSameKeyApprovesOnceTheRowIsFree() throws Exception {
        String id = pendingDeposit();
        String key = "busy-approve-" + id;
        Map<String, Long> before;
        try (Connection holder = holdRow(id)) {
            before = counts();
            long started = System.nanoTime();
            Reply busy = approve(id, key);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(busy.status()).as(busy.text()).isEqualTo(503);
            assertThat(busy.at("/error/code")).isEqualTo("BUSY");
            assertThat(busy.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
            assertThat(took).as("answered within the bound, not hung").isLessThan(ANSWER_MAX);
            assertThat(counts()).as("nothing written, no stored answer for the key").isEqualTo(before);
            assertThat(status(id)).isEqualTo("PENDING_REVIEW");
            holder.rollback();
        }
        Reply approved = approve(id, key);
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(approved.body().path("duplicate").asBoolean(false)).as("run, not replayed").isFalse();
        assertThat(count("SELECT count(*) FROM ledger_transactions WHERE order_id = " + id)).isEqualTo(1);
    }

    @Test
    void anApprovalThatWaitsForItsBatchLongerThanItsBoundAnswersBusyAndIsNeverDecided() throws Exception {
        String held = pendingDeposit();
        String queued = pendingDeposit();
        CompletableFuture<Reply> stuck;
        try (Connection holder = holdRow(held)) {
            // The one flusher takes the held order and waits on its row lock...
            stuck = CompletableFuture.supplyAsync(() -> approve(held, "held-" + held));
            awaitLockWaiter();
            // ...so this approval stays queued past APPROVAL_WAIT_MAX and is withdrawn.
            Map<String, Long> before = counts();
            Reply busy = approve(queued, "queued-" + queued);
            assertThat(busy.status()).as(busy.text()).isEqualTo(503);
            assertThat(busy.at("/error/code")).isEqualTo("BUSY");
            assertThat(busy.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
            assertThat(counts()).as("nothing written for the withdrawn approval").isEqualTo(before);

            Reply heldReply = stuck.get(ANSWER_MAX.toSeconds(), TimeUnit.SECONDS);
            assertThat(heldReply.status()).as(heldReply.text()).isEqualTo(503);
            assertThat(heldReply.at("/error/code")).isEqualTo("BUSY");
            holder.rollback();
        }
        // The flusher never decided the withdrawn approval: the order is still pending after the
        // held one's batch ended.
        assertThat(status(queued)).isEqualTo("PENDING_REVIEW");
        for (String[] retry : List.of(new String[] {held, "held-" + held}, new String[] {queued, "queued-" + queued})) {
            Reply approved = approve(retry[0], retry[1]);
            assertThat(approved.status()).as(approved.text()).isEqualTo(200);
            assertThat(approved.at("/status")).isEqualTo("APPROVED_EXECUTED");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Reply approve(String id, String key) {
        return admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "ok"), Map.of("Idempotency-Key", key));
    }

    private static String pendingDeposit() {
        String player = "busy-" + SEQUENCE.incrementAndGet();
        Reply created = admin.post("/api/v1/players", Map.of("id", player, "username", player, "currency", "USD"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "DEPOSIT");
        body.put("playerId", player);
        body.put("amount", 1_500);
        body.put("currency", "USD");
        body.put("source", Map.of("channel", "PORTAL"));
        Reply order = clerk.post("/api/v1/orders", body);
        assertThat(order.status()).as(order.text()).isEqualTo(201);
        return order.at("/id");
    }

    /** An open transaction holding the order's row lock, as another request's decision would. */
    private static Connection holdRow(String orderId) throws SQLException {
        Connection connection = server.database().dataSource().getConnection();
        connection.setAutoCommit(false);
        try (var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT id FROM orders WHERE id = " + Long.parseLong(orderId) + " FOR UPDATE")) {
            assertThat(rs.next()).isTrue();
        }
        return connection;
    }

    /** Waits until some backend of this database waits for a lock (the flusher on the held row). */
    private static void awaitLockWaiter() throws InterruptedException {
        long deadline = System.nanoTime() + ANSWER_MAX.toNanos();
        while (count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'") == 0) {
            assertThat(System.nanoTime()).as("an approval waiting on the held row").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static String status(String id) {
        Reply order = admin.get("/api/v1/orders/" + id);
        assertThat(order.status()).as(order.text()).isEqualTo(200);
        return order.at("/status");
    }

    private static Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : COUNTED_TABLES) {
            counts.put(table, count(DatabaseFingerprint.countOfRequests(table)));
        }
        return counts;
    }

    private static long count(String sql) {
        try (var connection = server.database().dataSource().getConnection();
             var statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
