package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * One real server per test class with an admin, an approver ({@code clerk}), a supervisor and a viewer
 * signed in, and the helpers the HTTP contract tests share: players, orders, deposits, request bodies,
 * and "refused, naming the field, and nothing written" checks over the tables an API call may touch.
 */
abstract class HttpApiFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COUNTED_TABLES = List.of("players", "operators", "orders", "order_history",
            "ledger_transactions", "ledger_entries", "audit_log", "outbox_events", "idempotency_records");
    static final AtomicInteger SEQUENCE = new AtomicInteger();

    static ServerCore server;
    static ApiClient admin;
    static ApiClient clerk;
    static ApiClient supervisor;
    static ApiClient viewer;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        for (var op : List.of(List.of("clerk", "APPROVER"), List.of("sup", "SUPERVISOR"), List.of("watcher", "VIEWER"))) {
            Reply created = admin.post("/api/v1/operators",
                    Map.of("username", op.get(0), "password", op.get(0) + "-password-1", "roles", List.of(op.get(1))));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
        }
        clerk = ApiClient.signedIn(server.baseUrl(), "clerk", "clerk-password-1");
        supervisor = ApiClient.signedIn(server.baseUrl(), "sup", "sup-password-1");
        viewer = ApiClient.signedIn(server.baseUrl(), "watcher", "watcher-password-1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ------------------------------------------------------------------ helpers

    static void refused(ApiClient client, String path, Object body, int status, String field) {
        refused(client, path, body, Map.of(), status, field);
    }

    /** The request is refused with the status and the field named, and no table gained a row. */
    static void refused(ApiClient client, String path, Object body, Map<String, String> headers, int status,
                        String field) {
        Map<String, Long> before = counts();
        String text = body instanceof String s ? s : json(body);
        Reply reply = client.send("POST", path, text, headers);
        assertThat(reply.status()).as("POST %s %s -> %s", path, text.length() > 200 ? text.substring(0, 200) : text,
                reply.text()).isEqualTo(status);
        assertThat(reply.at("/error/code")).as(reply.text()).isNotBlank();
        assertThat(reply.at("/error/message")).as(reply.text()).isNotBlank();
        assertThat(reply.at("/error/details/field")).as("field named by %s", reply.text()).isEqualTo(field);
        assertThat(counts()).as("nothing written by POST %s %s", path, text).isEqualTo(before);
    }

    static void assertError(Reply reply, String code) {
        assertThat(reply.at("/error/code")).as("%d %s", reply.status(), reply.text()).isEqualTo(code);
        assertThat(reply.at("/error/message")).as(reply.text()).isNotBlank();
        assertThat(reply.body().at("/error/details").isObject()).as(reply.text()).isTrue();
    }

    static Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : COUNTED_TABLES) {
            counts.put(table, count(DatabaseFingerprint.countOfRequests(table)));
        }
        return counts;
    }

    static long count(String sql) {
        try (var connection = server.database().dataSource().getConnection();
             var statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static String newPlayer() {
        return newPlayer("USD");
    }

    static String newPlayer(String currency) {
        String id = "hp-" + SEQUENCE.incrementAndGet();
        Reply created = admin.post("/api/v1/players", Map.of("id", id, "username", id + "-name", "currency", currency));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }

    static Map<String, Object> order(String type, String player, long amount) {
        return order(type, player, amount, "GAME_LOAD".equals(type) ? "Pusoy" : null);
    }

    static Map<String, Object> order(String type, String player, long amount, String game) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("playerId", player);
        body.put("amount", amount);
        body.put("currency", "USD");
        if (game != null) {
            body.put("gameName", game);
        }
        body.put("source", Map.of("channel", "PORTAL"));
        return body;
    }

    static String submit(String type, String player, long amount) {
        Reply order = clerk.post("/api/v1/orders", order(type, player, amount));
        assertThat(order.status()).as(order.text()).isEqualTo(201);
        return order.at("/id");
    }

    /** A deposit entered by the clerk and approved by the admin; returns the order id. */
    static String deposit(String player, long amount) {
        String id = submit("DEPOSIT", player, amount);
        Reply approved = admin.post("/api/v1/orders/" + id + "/approve", Map.of());
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.at("/status")).isEqualTo("APPROVED_EXECUTED");
        return id;
    }


    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
