package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.orders.OrderIntakeService;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestPostgres;
import teller.server.support.TestServer;

/**
 * The HTTP contract of API.md over real HTTP: every foundation endpoint's happy path and shape,
 * authentication on every route of the table, bad input that names its field and writes nothing,
 * unknown ids, state conflicts, Idempotency-Key replay, health, metrics and the OpenAPI document.
 */
class HttpApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COUNTED_TABLES = List.of("players", "operators", "orders", "order_history",
            "ledger_transactions", "ledger_entries", "audit_log", "outbox_events", "idempotency_records");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

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

    // ------------------------------------------------------------------ orders

    @Test
    void ordersOfEveryTypeEnterTheQueueAndAreListedOldestFirstWithACursor() {
        String player = newPlayer();
        deposit(player, 10_000);
        List<String> ids = new ArrayList<>();
        for (String type : List.of("DEPOSIT", "GAME_LOAD", "WITHDRAWAL")) {
            Reply order = clerk.post("/api/v1/orders", order(type, player, 700));
            assertThat(order.status()).as(order.text()).isEqualTo(201);
            assertThat(order.at("/type")).isEqualTo(type);
            assertThat(order.at("/status")).isEqualTo("PENDING_REVIEW");
            assertThat(order.body().get("amount").asLong()).isEqualTo(700);
            assertThat(order.at("/currency")).isEqualTo("USD");
            assertThat(order.at("/playerId")).isEqualTo(player);
            assertThat(order.at("/source/channel")).isEqualTo("PORTAL");
            assertThat(order.at("/createdBy/type")).isEqualTo("OPERATOR");
            assertThat(order.body().get("duplicate").asBoolean()).isFalse();
            ids.add(order.at("/id"));
        }

        Reply first = viewer.get("/api/v1/orders?status=PENDING_REVIEW&playerId=" + player + "&limit=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.at("/nextCursor")).isNotNull();
        Reply second = viewer.get("/api/v1/orders?status=PENDING_REVIEW&playerId=" + player + "&limit=2&cursor="
                + first.at("/nextCursor"));
        assertThat(second.body().has("nextCursor")).isTrue();
        assertThat(second.at("/nextCursor")).isNull();
        List<String> listed = new ArrayList<>();
        first.body().get("items").forEach(o -> listed.add(o.get("id").asText()));
        second.body().get("items").forEach(o -> listed.add(o.get("id").asText()));
        assertThat(listed).as("oldest first, each once").containsExactlyElementsOf(ids);

        Reply loads = viewer.get("/api/v1/orders?type=GAME_LOAD&playerId=" + player);
        assertThat(loads.body().get("items")).hasSize(1);
        assertThat(loads.body().at("/items/0/gameName").asText()).isEqualTo("Pusoy");
    }

    @Test
    void orderDetailCarriesExecutionTrackingHistoryAndLedgerTransactions() {
        String player = newPlayer();
        String id = deposit(player, 2_500);
        Reply detail = viewer.get("/api/v1/orders/" + id);
        assertThat(detail.status()).isEqualTo(200);
        JsonNode o = detail.body();
        assertThat(o.get("status").asText()).isEqualTo("APPROVED_EXECUTED");
        assertThat(o.get("approvedByType").asText()).isEqualTo("OPERATOR");
        assertThat(o.get("approvedById").isTextual()).isTrue();
        assertThat(o.get("approvedAt").isTextual()).isTrue();
        assertThat(o.get("executedAt").isTextual()).isTrue();
        for (String field : List.of("executionAttempts", "executionError", "executionResult", "rejectionReason")) {
            assertThat(o.has(field)).as(field).isTrue();
        }
        assertThat(o.get("ledgerTransactionIds")).hasSize(1);
        JsonNode step = o.get("history").get(0);
        assertThat(step.get("fromStatus").asText()).as(detail.text()).isEqualTo("PENDING_REVIEW");
        assertThat(step.get("toStatus").asText()).isEqualTo("APPROVED_EXECUTED");
        assertThat(step.get("actorType").asText()).isEqualTo("OPERATOR");
        assertThat(step.get("at").isTextual()).isTrue();
    }

    @Test
    void aGameLoadWithoutAConfiguredProviderEndsApprovedFailedAndCanBeRetriedBySupervisor() {
        String player = newPlayer();
        deposit(player, 10_000);
        String id = submit("GAME_LOAD", player, 3_000);

        Reply approved = admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "looks right"));
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.at("/status")).isEqualTo("APPROVED_FAILED");
        assertThat(approved.at("/executionError")).contains("GAME_LOAD_API_UNAVAILABLE");
        assertThat(approved.at("/executionResult/errorCode")).isEqualTo("GAME_LOAD_API_UNAVAILABLE");
        assertThat(approved.body().get("executionAttempts").asInt()).isEqualTo(1);
        assertThat(viewer.get("/api/v1/players/" + player).body().get("available").asLong())
                .as("the hold is released").isEqualTo(10_000);

        Reply byApprover = clerk.post("/api/v1/orders/" + id + "/retry", null);
        assertThat(byApprover.status()).isEqualTo(403);
        Reply retried = supervisor.post("/api/v1/orders/" + id + "/retry", null);
        assertThat(retried.status()).as(retried.text()).isEqualTo(200);
        assertThat(retried.at("/status")).isEqualTo("APPROVED_FAILED");
        assertThat(retried.body().get("executionAttempts").asInt()).isEqualTo(2);
    }

    @Test
    void rejectAndVoidRecordTheirReasonAndTheLedgerStaysBalanced() {
        String player = newPlayer();
        String pending = submit("WITHDRAWAL", player, 100);
        Reply rejected = admin.post("/api/v1/orders/" + pending + "/reject", Map.of("reason", "no KYC yet"));
        assertThat(rejected.status()).as(rejected.text()).isEqualTo(200);
        assertThat(rejected.at("/status")).isEqualTo("REJECTED");
        assertThat(rejected.at("/rejectionReason")).isEqualTo("no KYC yet");

        String executed = deposit(player, 4_000);
        Reply voided = supervisor.post("/api/v1/orders/" + executed + "/void", Map.of("reason", "proof was forged"));
        assertThat(voided.status()).as(voided.text()).isEqualTo(200);
        assertThat(voided.at("/status")).isEqualTo("VOIDED");
        assertThat(voided.at("/voidReason")).isEqualTo("proof was forged");
        assertThat(voided.at("/reversalTransactionId")).isNotNull();
        assertThat(viewer.get("/api/v1/players/" + player).body().get("balance").asLong()).isZero();
        assertThat(supervisor.get("/api/v1/ledger/verify").body().get("balanced").asBoolean()).isTrue();
    }

    @Test
    void anInvalidStateTransitionIsAConflict() {
        String player = newPlayer();
        String rejected = submit("DEPOSIT", player, 100);
        assertThat(admin.post("/api/v1/orders/" + rejected + "/reject", Map.of("reason", "duplicate")).status())
                .isEqualTo(200);
        Map<String, Long> before = counts();

        Reply approve = admin.post("/api/v1/orders/" + rejected + "/approve", Map.of());
        assertThat(approve.status()).as(approve.text()).isEqualTo(409);
        assertError(approve, "ORDER_NOT_PENDING");
        Reply voidPending = supervisor.post("/api/v1/orders/" + submit("DEPOSIT", player, 100) + "/void",
                Map.of("reason", "too early"));
        assertThat(voidPending.status()).isEqualTo(409);
        assertError(voidPending, "ORDER_NOT_VOIDABLE");
        Reply retryDeposit = supervisor.post("/api/v1/orders/" + deposit(player, 100) + "/retry", null);
        assertThat(retryDeposit.status()).isEqualTo(409);
        assertError(retryDeposit, "ORDER_NOT_RETRYABLE");

        Map<String, Long> after = counts();
        assertThat(after.get("ledger_transactions") - before.get("ledger_transactions"))
                .as("only the deposit made for the retry case posted").isEqualTo(1);
    }

    @Test
    void anOperatorMayNotApproveAnOrderTheyEntered() {
        String id = submit("DEPOSIT", newPlayer(), 100);
        Reply self = clerk.post("/api/v1/orders/" + id + "/approve", Map.of());
        assertThat(self.status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/orders/" + id).at("/status")).isEqualTo("PENDING_REVIEW");
    }

    // ------------------------------------------------------------------ ledger, providers, audit

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
        assertThat(kinds).containsExactlyInAnyOrder("GAME_LOAD", "PAYOUT");
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

    // ------------------------------------------------------------------ authentication on every route

    @Test
    void everyApiRouteExceptLoginRefusesAMissingOrForgedTokenWith401() {
        List<ApiRoute> routes = server.http().routes();
        assertThat(routes).hasSizeGreaterThan(15);
        ApiClient anonymous = new ApiClient(server.baseUrl());
        ApiClient forged = new ApiClient(server.baseUrl(), "forged-token-0123456789abcdef");
        Map<String, Long> before = counts();
        for (ApiRoute route : routes) {
            if (!route.path().startsWith("/api/v1/")) {
                continue;
            }
            if (route.path().equals("/api/v1/auth/login")) {
                assertThat(route.access().isPublic()).isTrue();
                continue;
            }
            if (route.access().bySignature()) {
                // The explicit exception: a payment webhook takes no token but a signature, and this
                // server has no webhook secret, so it refuses honestly (503) and writes nothing.
                assertThat(route.path()).startsWith("/api/v1/webhooks/");
                for (ApiClient client : List.of(anonymous, forged)) {
                    Reply reply = client.send(route.method().name(), route.path().replaceAll("\\{\\w+}", "psp"), "{}",
                            Map.of());
                    assertThat(reply.status()).as("%s %s", route.method(), route.path()).isEqualTo(503);
                    assertError(reply, "WEBHOOK_NOT_CONFIGURED");
                }
                continue;
            }
            if (route.path().equals(TelegramRoutes.WEBHOOK_PATH)) {
                // Authenticated by its secret header instead, and its refusals are audited (TelegramWebhookTest).
                assertThat(route.access().isPublic()).isTrue();
                continue;
            }
            assertThat(route.access().isPublic()).as("%s %s must need a token", route.method(), route.path()).isFalse();
            String path = route.path().replaceAll("\\{\\w+}", "1");
            String body = route.method().name().equals("GET") ? null : "{}";
            for (ApiClient client : List.of(anonymous, forged)) {
                Reply reply = client.send(route.method().name(), path, body, Map.of());
                assertThat(reply.status()).as("%s %s", route.method(), route.path()).isEqualTo(401);
                assertError(reply, "UNAUTHENTICATED");
            }
        }
        assertThat(counts()).as("nothing written by refused calls").isEqualTo(before);
    }

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

    // ------------------------------------------------------------------ idempotency

    @Test
    void aRepeatedApproveWithTheSameKeyReturnsTheSameResponseAndPostsOnce() throws Exception {
        String id = submit("DEPOSIT", newPlayer(), 900);
        String key = "approve-" + id;
        Map<String, Long> before = counts();
        int callers = 8;
        var pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Callable<Reply> call = () -> admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "ok"),
                        Map.of("Idempotency-Key", key));
                replies.add(pool.submit(call));
            }
            int originals = 0;
            for (Future<Reply> f : replies) {
                Reply r = f.get();
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(r.at("/id")).isEqualTo(id);
                assertThat(r.at("/status")).isEqualTo("APPROVED_EXECUTED");
                if (!r.body().path("duplicate").asBoolean(false)) {
                    originals++;
                }
            }
            assertThat(originals).as("one original response, the rest replays").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        Reply later = admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "ok"), Map.of("Idempotency-Key", key));
        assertThat(later.status()).isEqualTo(200);
        assertThat(later.body().get("duplicate").asBoolean()).isTrue();

        Map<String, Long> after = counts();
        assertThat(after.get("ledger_transactions") - before.get("ledger_transactions")).isEqualTo(1);
        assertThat(after.get("idempotency_records") - before.get("idempotency_records")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ledger_transactions WHERE order_id = " + id)).isEqualTo(1);

        Reply reused = admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "something else"),
                Map.of("Idempotency-Key", key));
        assertThat(reused.status()).isEqualTo(422);
        assertError(reused, "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void aRepeatedOrderWithTheSameKeyIsOneOrderAndADifferentBodyIsRefused() {
        String player = newPlayer();
        String key = "intake-" + SEQUENCE.incrementAndGet();
        Map<String, Long> before = counts();
        Reply first = clerk.post("/api/v1/orders", order("DEPOSIT", player, 4_200), Map.of("Idempotency-Key", key));
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        Reply again = clerk.post("/api/v1/orders", order("DEPOSIT", player, 4_200), Map.of("Idempotency-Key", key));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        assertThat(again.at("/id")).isEqualTo(first.at("/id"));
        assertThat(again.at("/idempotencyKey")).isEqualTo(key);

        Reply different = clerk.post("/api/v1/orders", order("DEPOSIT", player, 4_201), Map.of("Idempotency-Key", key));
        assertThat(different.status()).isEqualTo(422);
        assertError(different, "IDEMPOTENCY_KEY_REUSED");
        assertThat(counts().get("orders") - before.get("orders")).isEqualTo(1);
    }

    @Test
    void aRepeatedPlayerRegistrationWithTheSameKeyIsReplayed() {
        String id = "idem-" + SEQUENCE.incrementAndGet();
        Map<String, Object> body = Map.of("id", id, "username", id, "currency", "USD");
        Reply first = admin.post("/api/v1/players", body, Map.of("Idempotency-Key", "player-" + id));
        Reply again = admin.post("/api/v1/players", body, Map.of("Idempotency-Key", "player-" + id));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        Reply reused = admin.post("/api/v1/players", Map.of("id", id + "x", "username", id + "x", "currency", "USD"),
                Map.of("Idempotency-Key", "player-" + id));
        assertThat(reused.status()).isEqualTo(422);
        assertError(reused, "IDEMPOTENCY_KEY_REUSED");
        assertThat(count("SELECT count(*) FROM players WHERE id LIKE '" + id + "%'")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ health, metrics, OpenAPI

    @Test
    void healthAndReadinessAnswerWithoutAToken() {
        ApiClient anonymous = new ApiClient(server.baseUrl());
        Reply health = anonymous.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.at("/status")).isEqualTo("ok");
        Reply ready = anonymous.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.at("/status")).isEqualTo("ready");
    }

    @Test
    void readinessIs503WhileTheDatabaseIsGoneAndLivenessStaysUp() {
        String url = TestPostgres.freshDatabase();
        try (ServerCore doomed = TestServer.start(b -> b.database(url, null, null))) {
            ApiClient anonymous = new ApiClient(doomed.baseUrl());
            assertThat(anonymous.get("/health/ready").status()).isEqualTo(200);
            TestPostgres.dropDatabase(url);
            Reply ready = anonymous.get("/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.at("/status")).isEqualTo("unavailable");
            assertThat(anonymous.get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void metricsArePrometheusTextWithTellersOwnMeters() throws Exception {
        viewer.get("/api/v1/orders");
        // The request timer is recorded after the response went out: poll briefly for it.
        HttpResponse<String> response = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.body().contains("route=\"/api/v1/orders\"")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(response.body())
                .contains("# TYPE teller_http_requests_seconds")
                .containsPattern("teller_http_requests_seconds_count\\{[^}]*route=\"/api/v1/orders\"[^}]*} [1-9]")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void theOpenApiDocumentListsEveryRouteOfTheTableAndNothingElse() {
        Reply doc = viewer.get("/api/v1/openapi.json");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.at("/openapi")).startsWith("3.");
        Set<String> documented = new HashSet<>();
        doc.body().get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        Set<String> served = new HashSet<>();
        for (ApiRoute route : server.http().routes()) {
            served.add(route.method().name() + " " + route.path());
            JsonNode op = doc.body().get("paths").get(route.path()).get(route.method().name().toLowerCase(Locale.ROOT));
            assertThat(op.get("summary").asText()).isNotBlank();
            if (route.responseSchema() != null) {
                String ref = op.at("/responses/200/content/application~1json/schema/$ref").asText();
                assertThat(doc.body().at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1)).isMissingNode())
                        .as("schema %s of %s exists", ref, route.path()).isFalse();
            }
        }
        assertThat(documented).isEqualTo(served);
    }

    // ------------------------------------------------------------------ helpers

    private static void refused(ApiClient client, String path, Object body, int status, String field) {
        refused(client, path, body, Map.of(), status, field);
    }

    /** The request is refused with the status and the field named, and no table gained a row. */
    private static void refused(ApiClient client, String path, Object body, Map<String, String> headers, int status,
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

    private static void assertError(Reply reply, String code) {
        assertThat(reply.at("/error/code")).as("%d %s", reply.status(), reply.text()).isEqualTo(code);
        assertThat(reply.at("/error/message")).as(reply.text()).isNotBlank();
        assertThat(reply.body().at("/error/details").isObject()).as(reply.text()).isTrue();
    }

    private static Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : COUNTED_TABLES) {
            counts.put(table, count("SELECT count(*) FROM " + table));
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

    private static String newPlayer() {
        return newPlayer("USD");
    }

    private static String newPlayer(String currency) {
        String id = "hp-" + SEQUENCE.incrementAndGet();
        Reply created = admin.post("/api/v1/players", Map.of("id", id, "username", id + "-name", "currency", currency));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }

    private static Map<String, Object> order(String type, String player, long amount) {
        return order(type, player, amount, "GAME_LOAD".equals(type) ? "Pusoy" : null);
    }

    private static Map<String, Object> order(String type, String player, long amount, String game) {
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

    private static String submit(String type, String player, long amount) {
        Reply order = clerk.post("/api/v1/orders", order(type, player, amount));
        assertThat(order.status()).as(order.text()).isEqualTo(201);
        return order.at("/id");
    }

    /** A deposit entered by the clerk and approved by the admin; returns the order id. */
    private static String deposit(String player, long amount) {
        String id = submit("DEPOSIT", player, amount);
        Reply approved = admin.post("/api/v1/orders/" + id + "/approve", Map.of());
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.at("/status")).isEqualTo("APPROVED_EXECUTED");
        return id;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.remove(field);
        return copy;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
