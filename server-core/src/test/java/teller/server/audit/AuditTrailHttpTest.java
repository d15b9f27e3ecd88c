package teller.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * Audit completeness over real HTTP: each write by an operator leaves exactly one row by that
 * operator with its outcome, refusals included (a role that does not allow it, self-approval, a
 * conflicting state), and the audit viewer filters and pages that trail.
 */
class AuditTrailHttpTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    static ServerCore server;
    static ApiClient admin;
    static ApiClient clerk;
    static ApiClient supervisor;
    static ApiClient viewer;
    static ApiClient auditor;
    static final Map<ApiClient, String> ids = new HashMap<>();

    @BeforeAll
    static void start() {
        // Game loads execute through the SANDBOX provider (an unconfigured one refuses them, decision 0061).
        server = TestServer.start(b -> b.sandboxProviders(true));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        clerk = operator("clerk", "APPROVER");
        supervisor = operator("sup", "SUPERVISOR");
        viewer = operator("watcher", "VIEWER");
        auditor = operator("inspector", "AUDITOR");
        for (ApiClient client : List.of(admin, clerk, supervisor, viewer, auditor)) {
            ids.put(client, client.get("/api/v1/me").at("/id"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everySuccessfulWriteLeavesExactlyOneRowByItsCaller() {
        String player = "at-" + SEQUENCE.incrementAndGet();
        once(admin, "OPERATOR_CREATE", "SUCCESS", () -> admin.post("/api/v1/operators", Map.of("username",
                "new" + SEQUENCE.incrementAndGet(), "password", "new-operator-password", "roles", List.of("VIEWER"))), 201);
        once(supervisor, null, "SUCCESS", () -> supervisor.post("/api/v1/players",
                Map.of("id", player, "username", player + "-name", "currency", "USD")), 201);
        String deposit = once(clerk, null, "SUCCESS", () -> clerk.post("/api/v1/orders", order("DEPOSIT", player, 900)), 201)
                .at("/id");
        once(supervisor, "ORDER_APPROVE", "SUCCESS", () -> supervisor.post("/api/v1/orders/" + deposit + "/approve", Map.of()),
                200);
        String load = once(clerk, null, "SUCCESS", () -> clerk.post("/api/v1/orders", order("GAME_LOAD", player, 100)), 201)
                .at("/id");
        // The provider executes it: the outcome is recorded by the executor, not by the caller.
        once(admin, "ORDER_APPROVE", "SUCCESS", () -> admin.post("/api/v1/orders/" + load + "/approve", Map.of()), 200);
        String other = once(clerk, null, "SUCCESS", () -> clerk.post("/api/v1/orders", order("DEPOSIT", player, 50)), 201)
                .at("/id");
        once(supervisor, "ORDER_REJECT", "SUCCESS", () -> supervisor.post("/api/v1/orders/" + other + "/reject",
                Map.of("reason", "duplicate")), 200);
        // The executed game load, whose reversal the wallet can take (part of the deposit is in the game).
        once(supervisor, "ORDER_VOID", "SUCCESS", () -> supervisor.post("/api/v1/orders/" + load + "/void",
                Map.of("reason", "wrong player")), 200);
        once(admin, "OPERATOR_UPDATE", "SUCCESS", () -> admin.send("PATCH", "/api/v1/operators/" + ids.get(viewer),
                "{\"roles\":[\"VIEWER\"]}", Map.of()), 200);
        ApiClient extra = ApiClient.signedIn(server.baseUrl(), "watcher", "watcher-password");
        ids.put(extra, ids.get(viewer));
        once(extra, "LOGOUT", "SUCCESS", () -> extra.post("/api/v1/auth/logout", null), 204);
    }

    @Test
    void aRouteTheRoleDoesNotAllowIsAuditedOnceAsDenied() {
        String order = clerk.post("/api/v1/orders", order("DEPOSIT", newPlayer(), 100)).at("/id");
        Reply refused = once(viewer, "ACCESS_DENIED", "DENIED",
                () -> viewer.post("/api/v1/orders/" + order + "/approve", Map.of()), 403);
        assertThat(refused.at("/error/code")).isEqualTo("FORBIDDEN");
        JsonNode row = latest(viewer);
        assertThat(row.at("/resourceType").asText()).isEqualTo("ORDER");
        assertThat(row.at("/resourceId").asText()).isEqualTo(order);
        assertThat(row.at("/origin").asText()).isNotBlank();
        assertThat(row.at("/details/route").asText()).isEqualTo("/api/v1/orders/{id}/approve");
        assertThat(row.at("/details/code").asText()).isEqualTo("FORBIDDEN");

        once(viewer, "ACCESS_DENIED", "DENIED", () -> viewer.get("/api/v1/audit"), 403);
    }

    @Test
    void approvingOnesOwnOrderIsAuditedOnceAsDenied() {
        String order = clerk.post("/api/v1/orders", order("DEPOSIT", newPlayer(), 100)).at("/id");
        Reply self = once(clerk, "ACCESS_DENIED", "DENIED", () -> clerk.post("/api/v1/orders/" + order + "/approve",
                Map.of()), 403);
        assertThat(self.at("/error/code")).isEqualTo("SELF_APPROVAL");
        assertThat(latest(clerk).at("/details/code").asText()).isEqualTo("SELF_APPROVAL");
    }

    @Test
    void aWriteRefusedByTheOrdersStateIsAuditedOnceAsFailure() {
        String order = clerk.post("/api/v1/orders", order("DEPOSIT", newPlayer(), 100)).at("/id");
        assertThat(supervisor.post("/api/v1/orders/" + order + "/reject", Map.of("reason", "no")).status()).isEqualTo(200);
        once(supervisor, "REQUEST_REFUSED", "FAILURE", () -> supervisor.post("/api/v1/orders/" + order + "/approve",
                Map.of()), 409);
        assertThat(latest(supervisor).at("/details/code").asText()).isEqualTo("ORDER_NOT_PENDING");
    }

    @Test
    void theAuditViewerFiltersByActorActionOutcomeResourceAndTime() {
        Instant before = Instant.now().minusSeconds(1);
        String order = clerk.post("/api/v1/orders", order("DEPOSIT", newPlayer(), 100)).at("/id");
        viewer.post("/api/v1/orders/" + order + "/reject", Map.of("reason", "not mine to reject"));
        assertThat(supervisor.post("/api/v1/orders/" + order + "/reject", Map.of("reason", "bad proof")).status())
                .isEqualTo(200);

        List<JsonNode> forOrder = items(auditor.get("/api/v1/audit?resourceType=ORDER&resourceId=" + order));
        assertThat(forOrder).extracting(r -> r.get("action").asText())
                .containsExactly("ORDER_REJECT", "ACCESS_DENIED", "ORDER_CREATE");

        List<JsonNode> denied = items(auditor.get("/api/v1/audit?outcome=DENIED&actorId=" + ids.get(viewer)));
        assertThat(denied).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("outcome").asText()).isEqualTo("DENIED");
            assertThat(r.get("actorId").asText()).isEqualTo(ids.get(viewer));
        });
        List<JsonNode> rejects = items(auditor.get("/api/v1/audit?action=order_reject&actorType=OPERATOR&from="
                + before));
        assertThat(rejects).isNotEmpty().allSatisfy(r -> assertThat(r.get("action").asText()).isEqualTo("ORDER_REJECT"));
        assertThat(items(auditor.get("/api/v1/audit?resourceId=" + order + "&to=" + before))).isEmpty();

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = auditor.get("/api/v1/audit?resourceId=" + order + "&limit=1"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.body().get("items").forEach(r -> paged.add(r.get("id").asText()));
            cursor = page.at("/nextCursor");
        } while (cursor != null);
        assertThat(paged).containsExactlyElementsOf(forOrder.stream().map(r -> r.get("id").asText()).toList());

        Reply badOutcome = auditor.get("/api/v1/audit?outcome=MAYBE");
        assertThat(badOutcome.status()).isEqualTo(400);
        assertThat(badOutcome.at("/error/details/field")).isEqualTo("outcome");
        Reply badTime = auditor.get("/api/v1/audit?from=yesterday");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.at("/error/details/field")).isEqualTo("from");
    }

    @Test
    void rowsNameTheActingOperatorAndTheActorFilterTakesAUsername() {
        String order = clerk.post("/api/v1/orders", order("DEPOSIT", newPlayer(), 100)).at("/id");
        assertThat(supervisor.post("/api/v1/orders/" + order + "/reject", Map.of("reason", "bad proof")).status())
                .isEqualTo(200);

        List<JsonNode> forOrder = items(auditor.get("/api/v1/audit?resourceType=ORDER&resourceId=" + order));
        assertThat(forOrder).extracting(r -> r.get("actorUsername").asText())
                .containsExactly("sup", "clerk");

        List<JsonNode> bySupervisor = items(auditor.get("/api/v1/audit?actor=sup&resourceId=" + order));
        assertThat(bySupervisor).extracting(r -> r.get("action").asText()).containsExactly("ORDER_REJECT");
        assertThat(items(auditor.get("/api/v1/audit?actor=nobody-by-this-name"))).isEmpty();
        assertThat(forOrder).allSatisfy(r -> assertThat(r.get("resourceUsername").isNull())
                .as("an order is not an operator").isTrue());

        // A row about an operator (a sign-in) names that operator too, not only its id (issue 16).
        List<JsonNode> supSignIns = items(auditor.get("/api/v1/audit?actor=sup&action=LOGIN"));
        assertThat(supSignIns).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("resourceType").asText()).isEqualTo("OPERATOR");
            assertThat(r.get("resourceUsername").asText()).isEqualTo("sup");
        });
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Runs one request and checks it left exactly one audit row by its caller (and, when given,
     * with that action), with the outcome.
     */
    private static Reply once(ApiClient caller, String action, String outcome, Supplier<Reply> request, int status) {
        long before = count("SELECT coalesce(max(id), 0) FROM audit_log");
        Reply reply = request.get();
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        String actor = ids.get(caller);
        long rows = count("SELECT count(*) FROM audit_log WHERE id > " + before + " AND actor_type = 'OPERATOR'"
                + " AND actor_id = '" + actor + "'");
        assertThat(rows).as("audit rows by operator %s for %s", actor, reply.text()).isEqualTo(1);
        String sql = "SELECT count(*) FROM audit_log WHERE id > " + before + " AND actor_id = '" + actor + "'"
                + " AND outcome = '" + outcome + "'" + (action == null ? "" : " AND action = '" + action + "'");
        assertThat(count(sql)).as(sql).isEqualTo(1);
        return reply;
    }

    private static JsonNode latest(ApiClient caller) {
        Reply page = auditor.get("/api/v1/audit?limit=1&actorId=" + ids.get(caller));
        assertThat(page.status()).isEqualTo(200);
        return page.body().get("items").get(0);
    }

    private static List<JsonNode> items(Reply reply) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        reply.body().get("items").forEach(items::add);
        return items;
    }

    private static ApiClient operator(String name, String role) {
        Reply created = admin.post("/api/v1/operators", Map.of("username", name, "password", name + "-password",
                "roles", List.of(role)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return ApiClient.signedIn(server.baseUrl(), name, name + "-password");
    }

    private static String newPlayer() {
        String id = "at-" + SEQUENCE.incrementAndGet();
        assertThat(admin.post("/api/v1/players", Map.of("id", id, "username", id + "-name", "currency", "USD")).status())
                .isEqualTo(201);
        return id;
    }

    private static Map<String, Object> order(String type, String player, long amount) {
        Map<String, Object> order = new HashMap<>(Map.of("type", type, "playerId", player, "amount", amount,
                "currency", "USD", "source", Map.of("channel", "PORTAL")));
        if (!type.equals("DEPOSIT")) {
            order.put("gameName", "pusoy");
        }
        return order;
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
