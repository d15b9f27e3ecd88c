package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.server.support.BodyEdits.with;
import static teller.server.support.BodyEdits.without;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import teller.server.orders.OrderIntakeService;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;

/**
 * Bad input over real HTTP: refused naming the field (or parameter) and writing nothing; unknown ids
 * are not found.
 */
class BadInputHttpTest extends HttpApiFixture {

    // ------------------------------------------------------------------ bad input writes nothing

    @Test
    void badOrdersAreRefusedNamingTheFieldAndWriteNothing() {
        String player = newPlayer();
        String other = newPlayer("EUR");
        Map<String, Object> good = order("DEPOSIT", player, 100);

        refused(clerk, "/api/v1/orders", "{\"type\": \"DEPOSIT\",", 400, "body");
        refused(clerk, "/api/v1/orders", "[1, 2]", 400, "body");
        refused(clerk, "/api/v1/orders", "", 400, "body");
        refused(clerk, "/api/v1/orders", without(good, "type"), 400, "type");
        refused(clerk, "/api/v1/orders", without(good, "playerId"), 400, "playerId");
        refused(clerk, "/api/v1/orders", without(good, "amount"), 400, "amount");
        refused(clerk, "/api/v1/orders", without(good, "currency"), 400, "currency");
        refused(clerk, "/api/v1/orders", with(good, "amount", "100"), 400, "amount");
        refused(clerk, "/api/v1/orders", with(good, "amount", 1.5), 400, "amount");
        refused(clerk, "/api/v1/orders", with(good, "amount", true), 400, "amount");
        refused(clerk, "/api/v1/orders", with(good, "amount", 0), 400, "amount");
        refused(clerk, "/api/v1/orders", with(good, "amount", -500), 400, "amount");
        refused(clerk, "/api/v1/orders", with(good, "amount", OrderIntakeService.AMOUNT_MAX + 1), 400, "amount");
        refused(clerk, "/api/v1/orders", json(good).replace("\"amount\":100", "\"amount\":99999999999999999999999"),
                400, "amount");
        refused(clerk, "/api/v1/orders", with(good, "type", "LOAN"), 400, "type");
        refused(clerk, "/api/v1/orders", with(good, "type", 7), 400, "type");
        refused(clerk, "/api/v1/orders", with(good, "currency", "DOLLARS"), 400, "currency");
        refused(clerk, "/api/v1/orders", with(good, "source", Map.of("channel", "CARRIER_PIGEON")), 400, "source.channel");
        refused(clerk, "/api/v1/orders", with(good, "source", "PORTAL"), 400, "source");
        refused(clerk, "/api/v1/orders", with(good, "proofImage", "%%% not base64 %%%"), 400, "proofImage");
        refused(clerk, "/api/v1/orders", order("GAME_LOAD", player, 100, null), 400, "gameName");
        refused(clerk, "/api/v1/orders", with(good, "playerId", "nobody-" + SEQUENCE.incrementAndGet()), 422, "playerId");
        refused(clerk, "/api/v1/orders", with(good, "playerId", other), 422, "currency");
        refused(clerk, "/api/v1/orders", good, Map.of("Idempotency-Key", "x".repeat(201)), 400, "Idempotency-Key");

        Reply fine = clerk.post("/api/v1/orders", good);
        assertThat(fine.status()).as("the good body itself is accepted: %s", fine.text()).isEqualTo(201);
    }

    @Test
    void badPlayersAndOperatorsAreRefusedNamingTheFieldAndWriteNothing() {
        refused(admin, "/api/v1/players", Map.of("id", "ok-id", "currency", "USD"), 400, "username");
        refused(admin, "/api/v1/players", Map.of("id", "ok-id", "username", "u", "currency", "usd dollars"), 400, "currency");
        refused(admin, "/api/v1/players", Map.of("id", "bad id!", "username", "u", "currency", "USD"), 400, "id");
        refused(admin, "/api/v1/players", Map.of("id", 42, "username", "u", "currency", "USD"), 400, "id");
        refused(admin, "/api/v1/players", "{\"username\": ", 400, "body");
        refused(admin, "/api/v1/players", Map.of("id", "ok-id", "username", "u", "currency", "USD"),
                Map.of("Idempotency-Key", ""), 400, "Idempotency-Key");

        refused(admin, "/api/v1/operators", Map.of("username", "newbie", "roles", List.of("VIEWER")), 400, "password");
        refused(admin, "/api/v1/operators", Map.of("username", "newbie", "password", "short", "roles", List.of("VIEWER")),
                400, "password");
        refused(admin, "/api/v1/operators", Map.of("username", "newbie", "password", "newbie-password-1",
                "roles", List.of("EMPEROR")), 400, "roles");
        refused(admin, "/api/v1/operators", Map.of("username", "newbie", "password", "newbie-password-1",
                "roles", "VIEWER"), 400, "roles");
        refused(admin, "/api/v1/operators", Map.of("username", "No Spaces Allowed", "password", "newbie-password-1",
                "roles", List.of("VIEWER")), 400, "username");

        refused(new ApiClient(server.baseUrl()), "/api/v1/auth/login", Map.of("password", "x"), 400, "username");
        refused(new ApiClient(server.baseUrl()), "/api/v1/auth/login", Map.of("username", 5, "password", "x"), 400,
                "username");
    }

    @Test
    void badDecisionsAreRefusedNamingTheFieldAndWriteNothing() {
        String player = newPlayer();
        String pending = submit("DEPOSIT", player, 100);
        String executed = deposit(player, 100);

        refused(admin, "/api/v1/orders/" + pending + "/reject", Map.of(), 400, "reason");
        refused(admin, "/api/v1/orders/" + pending + "/reject", Map.of("reason", "  "), 400, "reason");
        refused(admin, "/api/v1/orders/" + pending + "/reject", Map.of("reason", "  "),
                Map.of("Idempotency-Key", "blank-reason-" + SEQUENCE.incrementAndGet()), 400, "reason");
        refused(admin, "/api/v1/orders/" + pending + "/reject", Map.of("reason", 12), 400, "reason");
        refused(admin, "/api/v1/orders/" + pending + "/reject", Map.of("reason", "x".repeat(5_000)), 400, "reason");
        refused(admin, "/api/v1/orders/" + pending + "/approve", "{\"note\": ", 400, "body");
        refused(admin, "/api/v1/orders/" + pending + "/approve", Map.of("note", List.of("a")), 400, "note");
        refused(admin, "/api/v1/orders/" + pending + "/approve", Map.of("note", 1),
                Map.of("Idempotency-Key", "bad-note-" + SEQUENCE.incrementAndGet()), 400, "note");
        refused(admin, "/api/v1/orders/not-a-number/approve", Map.of(), 400, "id");
        refused(admin, "/api/v1/orders/-4/reject", Map.of("reason", "r"), 400, "id");
        refused(supervisor, "/api/v1/orders/" + executed + "/void", Map.of(), 400, "reason");
        refused(supervisor, "/api/v1/orders/" + executed + "/void", "not json", 400, "body");

        assertThat(viewer.get("/api/v1/orders/" + pending).at("/status")).isEqualTo("PENDING_REVIEW");
        assertThat(viewer.get("/api/v1/orders/" + executed).at("/status")).isEqualTo("APPROVED_EXECUTED");
    }

    @Test
    void everyWriteRouteWithABodyRefusesMalformedJsonAndWritesNothing() {
        int checked = 0;
        for (ApiRoute route : server.http().routes()) {
            // A signed webhook refuses before it reads its body (PaymentWebhookHttpTest covers its bad bodies).
            if (route.method().name().equals("POST") && route.requestSchema() != null && !route.access().bySignature()) {
                String path = route.path().replaceAll("\\{\\w+}", "1");
                refused(admin, path, "{\"broken\": ", 400, "body");
                refused(admin, path, "\"just a string\"", 400, "body");
                checked++;
            }
        }
        assertThat(checked).as("login, operators, players, orders, approve, reject, void").isGreaterThanOrEqualTo(7);
        refused(supervisor, "/api/v1/orders/abc/retry", "", 400, "id");
    }

    @Test
    void badQueryParametersAreRefusedNamingTheParameter() {
        for (String[] c : new String[][] {{"/api/v1/orders?limit=0", "limit"}, {"/api/v1/orders?limit=501", "limit"},
                {"/api/v1/orders?limit=ten", "limit"}, {"/api/v1/orders?status=HAPPY", "status"},
                {"/api/v1/orders?type=LOAN", "type"}, {"/api/v1/orders?cursor=garbage!", "cursor"},
                {"/api/v1/orders/abc", "id"}, {"/api/v1/audit?cursor=%2F%2F", "cursor"},
                {"/api/v1/ledger/accounts?cursor=bm9wZQ", "cursor"}}) {
            Reply reply = admin.get(c[0]);
            assertThat(reply.status()).as(c[0] + " -> " + reply.text()).isEqualTo(400);
            assertThat(reply.at("/error/details/field")).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void unknownIdsAreNotFound() {
        for (String path : List.of("/api/v1/orders/987654321", "/api/v1/players/nobody-here",
                "/api/v1/ledger/transactions/987654321", "/api/v1/ledger/accounts/987654321/entries")) {
            Reply reply = viewer.get(path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.at("/error/code")).as(path).endsWith("_NOT_FOUND");
            assertThat(reply.at("/error/message")).as(path).isNotBlank();
        }
        Map<String, Long> before = counts();
        assertThat(admin.post("/api/v1/orders/987654321/approve", Map.of()).status()).isEqualTo(404);
        assertThat(admin.post("/api/v1/orders/987654321/reject", Map.of("reason", "r")).status()).isEqualTo(404);
        assertThat(supervisor.post("/api/v1/orders/987654321/retry", null).status()).isEqualTo(404);
        assertThat(supervisor.post("/api/v1/orders/987654321/void", Map.of("reason", "r")).status()).isEqualTo(404);
        assertThat(counts()).isEqualTo(before);
        Reply noRoute = viewer.get("/api/v1/no-such-thing");
        assertThat(noRoute.status()).as(noRoute.text()).isEqualTo(404);
        assertError(noRoute, "NOT_FOUND");
    }
}
