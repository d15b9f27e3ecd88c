package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;

/**
 * The foundation endpoints of API.md over real HTTP, apart from orders: sign-in and operators,
 * players, the ledger, providers and the audit trail; their happy paths and shapes.
 */
class FoundationEndpointsHttpTest extends HttpApiFixture {

    // ------------------------------------------------------------------ auth and operators

    @Test
    void loginReturnsATokenItsExpiryAndTheOperator() {
        Reply login = new ApiClient(server.baseUrl()).post("/api/v1/auth/login",
                Map.of("username", "clerk", "password", "clerk-password-1"));
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        assertThat(login.at("/token")).hasSizeGreaterThanOrEqualTo(40);
        assertThat(java.time.Instant.parse(login.at("/expiresAt"))).isAfter(java.time.Instant.now());
        assertThat(login.body().at("/operator/id").isTextual()).isTrue();
        assertThat(login.at("/operator/username")).isEqualTo("clerk");
        assertThat(login.body().at("/operator/roles").toString()).isEqualTo("[\"APPROVER\"]");
    }

    @Test
    void loginWithAWrongPasswordIsRefusedWith401() {
        Reply login = new ApiClient(server.baseUrl()).post("/api/v1/auth/login",
                Map.of("username", "clerk", "password", "not-the-password"));
        assertThat(login.status()).isEqualTo(401);
        assertError(login, "INVALID_CREDENTIALS");
    }

    @Test
    void meDescribesTheSignedInOperator() {
        Reply me = supervisor.get("/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.at("/username")).isEqualTo("sup");
        assertThat(me.body().at("/roles").toString()).isEqualTo("[\"SUPERVISOR\"]");
    }

    @Test
    void logoutEndsTheSessionSoItsTokenNoLongerWorks() {
        ApiClient session = ApiClient.signedIn(server.baseUrl(), "watcher", "watcher-password-1");
        assertThat(session.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(session.post("/api/v1/auth/logout", null).status()).isEqualTo(204);
        Reply after = session.get("/api/v1/me");
        assertThat(after.status()).isEqualTo(401);
        assertError(after, "UNAUTHENTICATED");
    }

    @Test
    void operatorsAreListedAndCreatedByAnAdminOnly() {
        Reply list = admin.get("/api/v1/operators");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().has("nextCursor")).isTrue();
        List<String> names = new ArrayList<>();
        list.body().get("items").forEach(o -> {
            assertThat(o.get("id").isTextual()).isTrue();
            assertThat(o.get("active").asBoolean()).isTrue();
            assertThat(o.get("createdAt").isTextual()).isTrue();
            names.add(o.get("username").asText());
        });
        assertThat(names).contains("admin", "clerk", "sup", "watcher");

        Reply created = admin.post("/api/v1/operators", Map.of("username", "auditor" + SEQUENCE.incrementAndGet(),
                "password", "auditor-password-1", "roles", List.of("AUDITOR", "VIEWER")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.body().get("roles").toString()).isEqualTo("[\"AUDITOR\",\"VIEWER\"]");

        Reply again = admin.post("/api/v1/operators", Map.of("username", created.at("/username"),
                "password", "auditor-password-1", "roles", List.of("AUDITOR")));
        assertThat(again.status()).isEqualTo(409);
        assertError(again, "OPERATOR_EXISTS");

        assertThat(supervisor.get("/api/v1/operators").status()).isEqualTo(403);
        Reply forbidden = viewer.post("/api/v1/operators", Map.of("username", "sneaky", "password", "sneaky-password-1",
                "roles", List.of("ADMIN")));
        assertThat(forbidden.status()).isEqualTo(403);
        assertError(forbidden, "FORBIDDEN");
    }


    // ------------------------------------------------------------------ players

    @Test
    void aPlayerIsCreatedOnceAndReadBackWithBalanceAndAvailable() {
        String id = "hp-" + SEQUENCE.incrementAndGet();
        Reply created = admin.post("/api/v1/players", Map.of("id", id, "username", id + "-name", "currency", "USD"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.at("/id")).isEqualTo(id);
        assertThat(created.body().get("duplicate").asBoolean()).isFalse();

        Reply again = admin.post("/api/v1/players", Map.of("id", id, "username", id + "-name", "currency", "USD"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();

        Reply clash = admin.post("/api/v1/players", Map.of("id", id, "username", "someone-else", "currency", "USD"));
        assertThat(clash.status()).isEqualTo(409);

        deposit(id, 5_000);
        Reply player = viewer.get("/api/v1/players/" + id);
        assertThat(player.status()).isEqualTo(200);
        JsonNode p = player.body();
        assertThat(p.get("username").asText()).isEqualTo(id + "-name");
        assertThat(p.get("currency").asText()).isEqualTo("USD");
        assertThat(p.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(p.get("kycStatus").asText()).isEqualTo("NONE");
        assertThat(p.get("exclusion").isNull()).isTrue();
        assertThat(p.get("balance").isIntegralNumber()).isTrue();
        assertThat(p.get("balance").asLong()).isEqualTo(5_000);
        assertThat(p.get("available").asLong()).isEqualTo(5_000);
        assertThat(p.get("walletAccountId").isTextual()).isTrue();
    }


    // ------------------------------------------------------------------ ledger, providers, audit

    @Test
    void aPlayerRegisteredWithAReferrerIsLinkedAtOnceAndTheLinkIsAudited() {
        String referrer = newPlayer();
        String id = "hp-" + SEQUENCE.incrementAndGet();
        Map<String, Object> body = Map.of("id", id, "username", id + "-name", "currency", "USD", "referrerId", referrer);

        Reply created = supervisor.post("/api/v1/players", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(viewer.get("/api/v1/players/" + id + "/referrals").at("/referrerId")).isEqualTo(referrer);
        assertThat(viewer.get("/api/v1/players/" + referrer + "/referrals").body().get("referredPlayers").asLong())
                .isEqualTo(1);
        Reply audited = admin.get("/api/v1/audit?action=PLAYER_REFERRER_SET&resourceId=" + id);
        assertThat(audited.body().get("items")).hasSize(1);
        assertThat(audited.body().at("/items/0/actorId").asText()).isNotBlank();

        // Repeating the registration is a duplicate, not a second link; another referrer is refused as by PUT.
        Reply again = supervisor.post("/api/v1/players", body);
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        assertThat(admin.get("/api/v1/audit?action=PLAYER_REFERRER_SET&resourceId=" + id).body().get("items")).hasSize(1);
        Reply other = supervisor.post("/api/v1/players",
                Map.of("id", id, "username", id + "-name", "currency", "USD", "referrerId", newPlayer()));
        assertThat(other.status()).as(other.text()).isEqualTo(409);
        assertError(other, "REFERRER_ALREADY_SET");
    }

    @Test
    void aReferrerThatPutWouldRefuseRefusesTheRegistrationNamingTheFieldAndWritesNothing() {
        String fresh = "hp-" + SEQUENCE.incrementAndGet();
        refused(supervisor, "/api/v1/players",
                Map.of("id", fresh, "username", fresh + "-name", "currency", "USD", "referrerId", "nobody-" + fresh), 422,
                "referrerId");
        refused(supervisor, "/api/v1/players",
                Map.of("id", fresh, "username", fresh + "-name", "currency", "USD", "referrerId", fresh), 422, "referrerId");
        refused(supervisor, "/api/v1/players",
                Map.of("id", fresh, "username", fresh + "-name", "currency", "USD", "referrerId", " "), 400, "referrerId");
        assertThat(viewer.get("/api/v1/players/" + fresh).status()).isEqualTo(404);

        // A repeated registration of an existing player may not close a loop either.
        String top = newPlayer();
        String below = "hp-" + SEQUENCE.incrementAndGet();
        assertThat(supervisor.post("/api/v1/players",
                Map.of("id", below, "username", below + "-name", "currency", "USD", "referrerId", top)).status())
                .isEqualTo(201);
        refused(supervisor, "/api/v1/players",
                Map.of("id", top, "username", top + "-name", "currency", "USD", "referrerId", below), 422, "referrerId");
        assertThat(viewer.get("/api/v1/players/" + top + "/referrals").body().get("referrerId").isNull()).isTrue();
    }

    @Test
    void ledgerAccountsEntriesAndTransactionsAreReadable() {
        String player = newPlayer();
        String orderId = deposit(player, 1_234);

        Reply owned = viewer.get("/api/v1/ledger/accounts?owner=" + player);
        assertThat(owned.status()).isEqualTo(200);
        assertThat(owned.body().get("items")).hasSize(1);
        assertThat(owned.body().has("nextCursor")).isTrue();
        JsonNode wallet = owned.body().at("/items/0");
        assertThat(wallet.get("code").asText()).isEqualTo("player:" + player + ":wallet");
        assertThat(wallet.get("type").asText()).isEqualTo("LIABILITY");
        assertThat(wallet.get("currency").asText()).isEqualTo("USD");

        newPlayer();
        Reply firstWallet = viewer.get("/api/v1/ledger/accounts?code=player:&limit=1");
        assertThat(firstWallet.body().get("items")).hasSize(1);
        assertThat(firstWallet.body().at("/items/0/code").asText()).startsWith("player:");
        assertThat(firstWallet.at("/nextCursor")).isNotNull();
        Reply nextWallet = viewer.get("/api/v1/ledger/accounts?code=player:&limit=1&cursor=" + firstWallet.at("/nextCursor"));
        assertThat(nextWallet.status()).as(nextWallet.text()).isEqualTo(200);
        assertThat(nextWallet.at("/items/0/id")).isNotEqualTo(firstWallet.at("/items/0/id"));
        assertThat(viewer.get("/api/v1/ledger/accounts?code=house:cash:").at("/items/0/type")).isEqualTo("ASSET");

        Reply entries = viewer.get("/api/v1/ledger/accounts/" + wallet.get("id").asText() + "/entries");
        assertThat(entries.status()).isEqualTo(200);
        JsonNode entry = entries.body().at("/items/0");
        assertThat(entry.get("amount").asLong()).isEqualTo(-1_234);
        assertThat(entry.get("orderId").asText()).isEqualTo(orderId);
        assertThat(entry.get("status").asText()).isEqualTo("POSTED");

        Reply transaction = viewer.get("/api/v1/ledger/transactions/" + entry.get("transactionId").asText());
        assertThat(transaction.status()).isEqualTo(200);
        assertThat(transaction.at("/status")).isEqualTo("POSTED");
        assertThat(transaction.at("/orderId")).isEqualTo(orderId);
        long sum = 0;
        for (JsonNode leg : transaction.body().get("entries")) {
            sum += leg.get("amount").asLong();
            assertThat(leg.get("accountCode").isTextual()).isTrue();
        }
        assertThat(sum).as("debits equal credits").isZero();

        Reply verify = supervisor.get("/api/v1/ledger/verify");
        assertThat(verify.status()).isEqualTo(200);
        assertThat(verify.body().get("balanced").asBoolean()).isTrue();
        assertThat(verify.body().get("transactionsChecked").asLong()).isPositive();
        assertThat(verify.body().get("accountsChecked").asLong()).isPositive();
        assertThat(verify.body().get("discrepancies").isArray()).isTrue();
        assertThat(viewer.get("/api/v1/ledger/verify").status()).isEqualTo(403);
    }

    @Test
    void providersReportTheirConfiguredAndBreakerState() {
        Reply providers = viewer.get("/api/v1/providers");
        assertThat(providers.status()).isEqualTo(200);
        List<String> kinds = new ArrayList<>();
        providers.body().get("items").forEach(p -> {
            kinds.add(p.get("kind").asText());
            assertThat(p.get("configured").asBoolean()).isFalse();
            assertThat(p.get("sandbox").asBoolean()).isFalse();
            assertThat(p.get("circuitBreakerState").asText()).isEqualTo("DISABLED");
        });
        // Nothing configured: the two execution providers, Telegram and the payment webhooks (decision 0111).
        assertThat(kinds).containsExactlyInAnyOrder("GAME_LOAD", "PAYOUT", "TELEGRAM", "PAYMENT_WEBHOOK");
    }

    @Test
    void theAuditTrailIsPagedAndItsChainVerifies() {
        newPlayer();
        Reply page = admin.get("/api/v1/audit?limit=2");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().get("items")).hasSize(2);
        JsonNode row = page.body().at("/items/0");
        for (String field : List.of("id", "at", "actorType", "action", "resourceType", "outcome", "details", "sealed")) {
            assertThat(row.has(field)).as(field).isTrue();
        }
        Reply next = admin.get("/api/v1/audit?limit=2&cursor=" + page.at("/nextCursor"));
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.at("/items/0/id")).isNotEqualTo(row.get("id").asText());

        Reply verify = admin.get("/api/v1/audit/verify");
        assertThat(verify.status()).isEqualTo(200);
        assertThat(verify.body().get("intact").asBoolean()).as(verify.text()).isTrue();
        assertThat(verify.body().has("rowsChecked")).isTrue();
        assertThat(verify.body().has("firstBrokenId")).isTrue();
        assertThat(clerk.get("/api/v1/audit").status()).isEqualTo(403);
    }
}
