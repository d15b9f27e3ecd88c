package teller.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.common.Sha256;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/** API tokens for integrations over real HTTP: shown once, stored hashed, scoped, revocable, last use kept. */
class ApiTokenHttpTest {
    static ServerCore server;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTokenIsShownOnceStoredHashedAndWorksOnlyWithinItsScopes() {
        Reply created = admin.post("/api/v1/api-tokens", Map.of("name", "portal",
                "scopes", List.of("orders:create", "players:write")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String secret = created.at("/token");
        assertThat(secret).startsWith(ApiTokenService.PREFIX).hasSizeGreaterThanOrEqualTo(43 + 4);
        assertThat(count("SELECT count(*) FROM api_tokens WHERE token_hash = '" + Sha256.hex(secret) + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM api_tokens t WHERE t::text LIKE '%" + secret.substring(4) + "%'")).isZero();
        assertThat(count("SELECT count(*) FROM audit_log WHERE details::text LIKE '%" + secret.substring(4) + "%'"))
                .isZero();
        Reply listed = admin.get("/api/v1/api-tokens");
        assertThat(listed.text()).doesNotContain(secret.substring(4)).contains("\"name\":\"portal\"");
        assertThat(portalEntry(listed).get("lastUsedAt").isNull()).isTrue();

        ApiClient portal = new ApiClient(server.baseUrl(), secret);
        Reply player = portal.post("/api/v1/players", Map.of("id", "tok-1", "username", "tok-one", "currency", "USD"));
        assertThat(player.status()).as(player.text()).isEqualTo(201);
        Reply order = portal.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", "tok-1", "amount", 500,
                "currency", "USD", "source", Map.of("channel", "PORTAL")));
        assertThat(order.status()).as(order.text()).isEqualTo(201);
        assertThat(order.at("/createdBy/type")).isEqualTo("INTEGRATION");
        assertThat(order.at("/createdBy/id")).isEqualTo("portal");

        assertThat(portal.get("/api/v1/orders/" + order.at("/id")).status()).as("no orders:read").isEqualTo(403);
        assertThat(portal.get("/api/v1/me").status()).as("not an operator").isEqualTo(403);
        assertThat(portal.post("/api/v1/orders/" + order.at("/id") + "/approve", Map.of()).status()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor_type = 'INTEGRATION' AND actor_id = 'portal' "
                + "AND action = 'ORDER_CREATE'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor_type = 'INTEGRATION' AND actor_id = 'portal' "
                + "AND outcome = 'DENIED'")).isEqualTo(3);

        assertThat(portalEntry(admin.get("/api/v1/api-tokens")).get("lastUsedAt").isTextual())
                .as("last use recorded").isTrue();
        ApiClient operator = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        assertThat(operator.post("/api/v1/orders/" + order.at("/id") + "/approve", Map.of()).at("/status"))
                .isEqualTo("APPROVED_EXECUTED");
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnceAndTheRevocationIsAudited() {
        Reply created = admin.post("/api/v1/api-tokens", Map.of("name", "chat-bot", "scopes", List.of("players:read")));
        ApiClient bot = new ApiClient(server.baseUrl(), created.at("/token"));
        assertThat(bot.get("/api/v1/players/nobody").status()).isEqualTo(404);

        Reply revoked = admin.post("/api/v1/api-tokens/" + created.at("/id") + "/revoke", null);
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        assertThat(revoked.body().get("active").asBoolean()).isFalse();
        Reply after = bot.get("/api/v1/players/nobody");
        assertThat(after.status()).as("no waiting for a cache").isEqualTo(401);
        assertThat(after.at("/error/code")).isEqualTo("UNAUTHENTICATED");
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'API_TOKEN_REVOKE' AND resource_id = '"
                + created.at("/id") + "'")).isEqualTo(1);
        assertThat(admin.post("/api/v1/api-tokens/987654321/revoke", null).status()).isEqualTo(404);
    }

    @Test
    void badTokenRequestsAreRefusedNamingTheField() {
        Reply unknownScope = admin.post("/api/v1/api-tokens", Map.of("name", "telegram", "scopes", List.of("root")));
        assertThat(unknownScope.status()).isEqualTo(400);
        assertThat(unknownScope.at("/error/details/field")).isEqualTo("scopes");
        Reply noScope = admin.post("/api/v1/api-tokens", Map.of("name", "telegram", "scopes", List.of()));
        assertThat(noScope.at("/error/details/field")).isEqualTo("scopes");
        Reply badName = admin.post("/api/v1/api-tokens", Map.of("name", "Bad Name!", "scopes", List.of("orders:read")));
        assertThat(badName.at("/error/details/field")).isEqualTo("name");
        assertThat(admin.post("/api/v1/api-tokens", Map.of("name", "payments", "scopes", List.of("orders:read")))
                .status()).isEqualTo(201);
        Reply again = admin.post("/api/v1/api-tokens", Map.of("name", "payments", "scopes", List.of("orders:read")));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.at("/error/code")).isEqualTo("API_TOKEN_EXISTS");
        assertThat(new ApiClient(server.baseUrl(), ApiTokenService.PREFIX + "forged").get("/api/v1/orders").status())
                .isEqualTo(401);
    }

    private static com.fasterxml.jackson.databind.JsonNode portalEntry(Reply list) {
        for (var item : list.body().get("items")) {
            if (item.get("name").asText().equals("portal")) {
                return item;
            }
        }
        throw new AssertionError("no portal token in " + list.text());
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
