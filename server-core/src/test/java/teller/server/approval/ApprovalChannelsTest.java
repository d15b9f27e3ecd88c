package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.common.Actor;
import teller.server.common.DomainException;
import teller.server.risk.RiskSettings;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.FakeTelegram;
import teller.server.support.TestServer;
import teller.server.telegram.TelegramSettings;

/**
 * Issue #14: approving through every channel meets the same rules, so the same refusals. One
 * operator ("checker") approves each refused order at the console (a session over HTTP) and from
 * Telegram (the bot acting for the same operator); an integration's API token may not approve at
 * all; the system (a confirmed payment) meets the player's rules like anyone.
 */
class ApprovalChannelsTest {
    private static final String BOT_TOKEN = "777000:channels-test-token";
    private static final String SECRET = "channels-webhook-secret-0123456789";
    private static final long CHECKER_TELEGRAM_ID = 5_150;
    private static final AtomicInteger PLAYERS = new AtomicInteger();
    private static final AtomicLong UPDATES = new AtomicLong(90_000);

    static FakeTelegram telegram;
    static ServerCore server;
    static ApiClient admin;
    static ApiClient checker;
    static ApiClient other;
    static ApiClient integration;
    static ApiClient webhook;
    static Jdbi jdbi;

    @BeforeAll
    static void start() {
        telegram = new FakeTelegram(BOT_TOKEN);
        // No provider is configured and none is a sandbox: game loads meet PROVIDER_UNAVAILABLE.
        server = TestServer.start(b -> b.risk(RiskSettings.none().withKycRequiredForWithdrawal(true))
                .telegram(TelegramSettings.defaults().withBot(telegram.baseUrl(), BOT_TOKEN, "-100777", SECRET,
                        Map.of(CHECKER_TELEGRAM_ID, "checker"))));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        checker = admin.newOperator("checker", "APPROVER");
        other = admin.newOperator("other", "APPROVER");
        Reply token = admin.post("/api/v1/api-tokens", Map.of("name", "portal", "scopes",
                List.of("orders:create", "orders:read")));
        assertThat(token.status()).as(token.text()).isEqualTo(201);
        integration = new ApiClient(server.baseUrl(), token.at("/token"));
        webhook = new ApiClient(server.baseUrl());
        jdbi = server.database().jdbi();
    }

    @AfterAll
    static void stop() {
        server.close();
        telegram.close();
    }

    @Test
    void theConsoleAndTelegramMeetTheSameRefusalsAndAnApiTokenMayNotApprove() {
        Map<String, String> refusedOrders = new LinkedHashMap<>();
        refusedOrders.put("SELF_APPROVAL", order(checker, "DEPOSIT", player("USD", 0), "USD", 500));
        String capped = order(admin, "DEPOSIT", player("GBP", 0), "GBP", 500);
        assertThat(admin.send("PUT", "/api/v1/operators/" + id(checker) + "/approval-caps/GBP", "{\"amountMax\":100}",
                Map.of()).status()).isEqualTo(200);
        refusedOrders.put("APPROVAL_CAP_EXCEEDED", capped);
        refusedOrders.put("KYC_NOT_VERIFIED", order(admin, "WITHDRAWAL", player("USD", 1_000), "USD", 300));
        String limited = player("USD", 0);
        assertThat(admin.send("PUT", "/api/v1/players/" + limited + "/limits", "{\"DAILY_DEPOSIT_LIMIT\":100}", Map.of())
                .status()).isEqualTo(200);
        refusedOrders.put("LIMIT_EXCEEDED", order(admin, "DEPOSIT", limited, "USD", 500));
        String excluded = player("USD", 0);
        String toExcluded = order(admin, "DEPOSIT", excluded, "USD", 500);
        assertThat(admin.post("/api/v1/players/" + excluded + "/exclusion", Map.of("type", "PERMANENT")).status())
                .isEqualTo(200);
        refusedOrders.put("PLAYER_SELF_EXCLUDED", toExcluded);
        String claimed = order(admin, "DEPOSIT", player("USD", 0), "USD", 500);
        assertThat(other.post("/api/v1/orders/" + claimed + "/claim", Map.of()).status()).isEqualTo(200);
        refusedOrders.put("ORDER_CLAIMED", claimed);
        assertThat(admin.send("PUT", "/api/v1/approval-policy/dual-approval/JPY", "{\"amountMin\":100}", Map.of())
                .status()).isEqualTo(200);
        String twice = order(admin, "DEPOSIT", player("JPY", 0), "JPY", 500);
        assertThat(checker.post("/api/v1/orders/" + twice + "/approve", Map.of()).at("/approvals/label")).isEqualTo("1 of 2");
        refusedOrders.put("APPROVAL_ALREADY_GIVEN", twice);
        String risky = player("USD", 0);
        flagPlayer(risky, 60);
        refusedOrders.put("SUPERVISOR_REQUIRED", order(admin, "DEPOSIT", risky, "USD", 500));
        refusedOrders.put("INSUFFICIENT_FUNDS", order(admin, "GAME_LOAD", player("USD", 0), "USD", 500));
        refusedOrders.put("PROVIDER_UNAVAILABLE", order(admin, "GAME_LOAD", player("USD", 1_000), "USD", 500));

        refusedOrders.forEach((expected, order) -> {
            Reply console = checker.post("/api/v1/orders/" + order + "/approve", Map.of());
            assertThat(console.at("/error/code")).as("console, %s: %s", expected, console.text()).isEqualTo(expected);

            long update = UPDATES.incrementAndGet();
            Reply pressed = webhook.post("/api/v1/integrations/telegram/webhook", press(update, "approve:" + order),
                    Map.of("X-Telegram-Bot-Api-Secret-Token", SECRET));
            assertThat(pressed.at("/outcome")).as("Telegram, %s: %s", expected, pressed.text()).isEqualTo("REFUSED");
            assertThat(telegramRefusal(order)).as("Telegram, %s", expected).isEqualTo(expected);

            Reply token = integration.post("/api/v1/orders/" + order + "/approve", Map.of());
            assertThat(token.status()).as("API token, %s", expected).isEqualTo(403);
            assertThat(token.at("/error/code")).isEqualTo("FORBIDDEN");
            assertThat(admin.get("/api/v1/orders/" + order).at("/status")).as(expected).isEqualTo("PENDING_REVIEW");
        });
    }

    @Test
    void theSystemMeetsThePlayersRulesButNeitherClaimsNorCapsNorTheFraudGate() {
        var approvals = server.services().approvals();
        Actor system = Actor.system("payment-webhook:channels");
        String limited = player("USD", 0);
        assertThat(admin.send("PUT", "/api/v1/players/" + limited + "/limits", "{\"DAILY_DEPOSIT_LIMIT\":100}", Map.of())
                .status()).isEqualTo(200);
        long overLimit = Long.parseLong(order(admin, "DEPOSIT", limited, "USD", 500));
        assertThat(refusalOf(() -> approvals.approve(overLimit, system, null))).isEqualTo("LIMIT_EXCEEDED");

        String risky = player("USD", 0);
        flagPlayer(risky, 90);
        String claimed = order(admin, "DEPOSIT", risky, "USD", 500);
        assertThat(other.post("/api/v1/orders/" + claimed + "/claim", Map.of()).status()).isEqualTo(200);
        assertThat(approvals.approve(Long.parseLong(claimed), system, null).order().status().name())
                .isEqualTo("APPROVED_EXECUTED");
    }

    // ------------------------------------------------------------------ helpers

    private static String refusalOf(Runnable approval) {
        try {
            approval.run();
            return null;
        } catch (DomainException refused) {
            return refused.code();
        }
    }

    /** The code of the last approval refused to the Telegram bot for this order (the bot audits its own). */
    private static String telegramRefusal(String order) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT details ->> 'code' FROM audit_log
                         WHERE action = 'ORDER_APPROVE' AND resource_id = :id AND actor_type = 'TELEGRAM_BOT'
                           AND details ->> 'channel' = 'TELEGRAM' ORDER BY id DESC LIMIT 1""")
                .bind("id", order).mapTo(String.class).one());
    }

    private static String press(long updateId, String data) {
        return FakeTelegram.buttonPress(updateId, CHECKER_TELEGRAM_ID, data, -100777);
    }

    private static void flagPlayer(String player, int points) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO fraud_flags (player_id, rule, dedupe_key, evidence, points)
                        VALUES (:p, 'VELOCITY', :key, '{}'::jsonb, :points)""")
                .bind("p", player).bind("key", player + "-" + Instant.now()).bind("points", points).execute());
    }

    private static String id(ApiClient who) {
        return who.get("/api/v1/me").at("/id");
    }

    /** A player with {@code funded} minor units in the wallet (a deposit approved by "other"). */
    private static String player(String currency, long funded) {
        String id = "ch-" + PLAYERS.incrementAndGet();
        assertThat(admin.post("/api/v1/players", Map.of("id", id, "username", id, "currency", currency)).status())
                .isEqualTo(201);
        if (funded > 0) {
            String deposit = order(admin, "DEPOSIT", id, currency, funded);
            assertThat(other.post("/api/v1/orders/" + deposit + "/approve", Map.of()).at("/status"))
                    .isEqualTo("APPROVED_EXECUTED");
        }
        return id;
    }

    private static String order(ApiClient by, String type, String player, String currency, long amount) {
        Map<String, Object> body = new HashMap<>(Map.of("type", type, "playerId", player, "amount", amount,
                "currency", currency, "source", Map.of("channel", "PORTAL")));
        if (type.equals("GAME_LOAD")) {
            body.put("gameName", "pusoy");
        }
        Reply created = by.post("/api/v1/orders", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.at("/id");
    }
}
