package teller.server.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.FakeTelegram;
import teller.server.support.TestServer;

/**
 * Approve and Reject pressed in Telegram, delivered to the real webhook over HTTP by "Telegram"
 * (this test), decided through the approval service, and answered back to a fake Bot API.
 */
class TelegramWebhookTest {
    private static final String TOKEN = "654321:webhook-test-token";
    private static final String SECRET = "webhook-secret-0123456789";
    private static final String PATH = "/api/v1/integrations/telegram/webhook";
    private static final long CLERK_TELEGRAM_ID = 111;
    private static final long WATCHER_TELEGRAM_ID = 222;
    private static final long GHOST_TELEGRAM_ID = 333;
    private static final long MAKER_TELEGRAM_ID = 444;
    private static final long STRANGER_TELEGRAM_ID = 999;
    private static final AtomicInteger PLAYERS = new AtomicInteger();
    private static final AtomicLong UPDATES = new AtomicLong(5_000);

    private static FakeTelegram telegram;
    private static ServerCore server;
    private static ApiClient admin;
    private static ApiClient maker;
    private static ApiClient webhook;
    private static Jdbi jdbi;
    private static String clerkId;

    @BeforeAll
    static void start() {
        telegram = new FakeTelegram(TOKEN);
        server = TestServer.start(b -> b.telegram(TelegramSettings.defaults()
                .withBot(telegram.baseUrl(), TOKEN, "-100555", SECRET, Map.of(CLERK_TELEGRAM_ID, "clerk",
                        WATCHER_TELEGRAM_ID, "watcher", GHOST_TELEGRAM_ID, "ghost", MAKER_TELEGRAM_ID, "maker"))));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        for (String[] op : new String[][] {{"clerk", "APPROVER"}, {"watcher", "VIEWER"}, {"maker", "APPROVER"}}) {
            Reply created = admin.post("/api/v1/operators", Map.of("username", op[0], "password", op[0] + "-password-1",
                    "roles", List.of(op[1])));
            assertThat(created.status()).isEqualTo(201);
            if (op[0].equals("clerk")) {
                clerkId = created.at("/id");
            }
        }
        maker = ApiClient.signedIn(server.baseUrl(), "maker", "maker-password-1");
        webhook = new ApiClient(server.baseUrl());
        jdbi = server.database().jdbi();
    }

    @AfterAll
    static void stop() {
        server.close();
        telegram.close();
    }

    private record Deposit(String playerId, long orderId) {
    }

    private static Deposit deposit(ApiClient by, long amount) {
        String player = "tgw-" + PLAYERS.incrementAndGet();
        assertThat(admin.post("/api/v1/players", Map.of("id", player, "username", player, "currency", "USD")).status())
                .isEqualTo(201);
        Reply created = by.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", player, "amount", amount,
                "currency", "USD", "source", Map.of("channel", "PORTAL")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new Deposit(player, Long.parseLong(created.at("/id")));
    }

    private static String press(long updateId, long fromUser, String data) {
        return FakeTelegram.buttonPress(updateId, fromUser, data, -100555);
    }

    private static Reply deliver(String update) {
        return webhook.post(PATH, update, Map.of("X-Telegram-Bot-Api-Secret-Token", SECRET));
    }

    private static long count(String sql, Object... args) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }

    private static List<FakeTelegram.Recorded> answersTo(long updateId) {
        return telegram.requests("answerCallbackQuery").stream()
                .filter(r -> ("cb-" + updateId).equals(r.fields().get("callback_query_id"))).toList();
    }

    @Test
    void anApproveDeliveredThreeTimesAtOnceAndOnceMoreCreditsThePlayerOnce() throws Exception {
        Deposit deposit = deposit(admin, 4_200);
        long updateId = UPDATES.incrementAndGet();
        String update = press(updateId, CLERK_TELEGRAM_ID, "approve:" + deposit.orderId());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                replies.add(pool.submit((Callable<Reply>) () -> deliver(update)));
            }
            List<Reply> answers = new ArrayList<>();
            for (Future<Reply> reply : replies) {
                answers.add(reply.get());
            }
            answers.add(deliver(update));
            for (Reply answer : answers) {
                assertThat(answer.status()).as(answer.text()).isEqualTo(200);
                assertThat(answer.at("/outcome")).isEqualTo("DECIDED");
                assertThat(answer.at("/answer")).isEqualTo(answers.get(0).at("/answer"));
            }
            assertThat(answers.stream().filter(a -> !a.body().get("duplicate").asBoolean()).count())
                    .as("exactly one delivery decided, the others replayed its answer").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }

        Reply order = admin.get("/api/v1/orders/" + deposit.orderId());
        assertThat(order.at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(order.at("/approvedByType")).isEqualTo("TELEGRAM_BOT");
        assertThat(order.at("/approvedById")).isEqualTo(clerkId);
        assertThat(admin.get("/api/v1/players/" + deposit.playerId()).body().get("balance").asLong()).isEqualTo(4_200);
        assertThat(count("SELECT count(*) FROM ledger_transactions WHERE order_id = ?", deposit.orderId())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'ORDER_APPROVE' AND resource_id = ? "
                + "AND actor_type = 'TELEGRAM_BOT'", String.valueOf(deposit.orderId()))).isEqualTo(1);

        // Telegram hears the outcome once: the button answered, the caption updated and its buttons removed.
        assertThat(answersTo(updateId)).hasSize(1);
        assertThat(answersTo(updateId).get(0).fields().get("text")).contains("Approved order #" + deposit.orderId());
        List<FakeTelegram.Recorded> edits = telegram.requests("editMessageCaption").stream()
                .filter(r -> r.fields().get("caption").contains("order #" + deposit.orderId())).toList();
        assertThat(edits).hasSize(1);
        assertThat(edits.get(0).fields()).containsEntry("chat_id", "-100555").containsEntry("message_id", "77")
                .containsEntry("reply_markup", "{\"inline_keyboard\":[]}");
        assertThat(edits.get(0).fields().get("caption")).startsWith("DEPOSIT order\n\nApproved order #");
    }

    @Test
    void rejectInTelegramRejectsWithItsFixedReason() {
        Deposit deposit = deposit(admin, 1_000);
        Reply answer = deliver(press(UPDATES.incrementAndGet(), CLERK_TELEGRAM_ID, "reject:" + deposit.orderId()));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.at("/outcome")).isEqualTo("DECIDED");
        Reply order = admin.get("/api/v1/orders/" + deposit.orderId());
        assertThat(order.at("/status")).isEqualTo("REJECTED");
        assertThat(order.at("/rejectionReason")).isEqualTo("rejected in Telegram");
        assertThat(order.at("/rejectedById")).isEqualTo(clerkId);

        Reply late = deliver(press(UPDATES.incrementAndGet(), CLERK_TELEGRAM_ID, "approve:" + deposit.orderId()));
        assertThat(late.status()).as("a refusal is still a well-formed update: 200").isEqualTo(200);
        assertThat(late.at("/outcome")).isEqualTo("REFUSED");
        assertThat(admin.get("/api/v1/orders/" + deposit.orderId()).at("/status")).isEqualTo("REJECTED");
    }

    @Test
    void someoneWhoIsNotAnApproverIsRefusedAndNothingChanges() {
        Deposit deposit = deposit(admin, 2_000);
        long ledgerBefore = count("SELECT count(*) FROM ledger_transactions");
        for (long user : new long[] {STRANGER_TELEGRAM_ID, WATCHER_TELEGRAM_ID, GHOST_TELEGRAM_ID}) {
            long updateId = UPDATES.incrementAndGet();
            Reply answer = deliver(press(updateId, user, "approve:" + deposit.orderId()));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.at("/outcome")).as("user %d", user).isEqualTo("REFUSED");
            assertThat(answersTo(updateId)).hasSize(1);
            assertThat(answersTo(updateId).get(0).fields()).containsEntry("show_alert", "true");
        }
        assertThat(admin.get("/api/v1/orders/" + deposit.orderId()).at("/status")).isEqualTo("PENDING_REVIEW");
        assertThat(count("SELECT count(*) FROM ledger_transactions")).isEqualTo(ledgerBefore);
        assertThat(count("SELECT count(*) FROM order_history WHERE order_id = ? AND to_status <> 'PENDING_REVIEW'",
                deposit.orderId())).isZero();
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'ORDER_APPROVE' AND resource_id = ? "
                + "AND outcome = 'DENIED' AND actor_type = 'TELEGRAM_BOT'", String.valueOf(deposit.orderId()))).isEqualTo(3);
    }

    @Test
    void theMakerOfAnOrderCannotApproveItFromTelegramEither() {
        Deposit deposit = deposit(maker, 3_000);
        Reply answer = deliver(press(UPDATES.incrementAndGet(), MAKER_TELEGRAM_ID, "approve:" + deposit.orderId()));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.at("/outcome")).isEqualTo("REFUSED");
        assertThat(answer.at("/answer")).contains("Not done");
        assertThat(admin.get("/api/v1/orders/" + deposit.orderId()).at("/status")).isEqualTo("PENDING_REVIEW");

        Reply checked = deliver(press(UPDATES.incrementAndGet(), CLERK_TELEGRAM_ID, "approve:" + deposit.orderId()));
        assertThat(checked.at("/outcome")).isEqualTo("DECIDED");
        assertThat(admin.get("/api/v1/orders/" + deposit.orderId()).at("/status")).isEqualTo("APPROVED_EXECUTED");
    }

    @Test
    void anOperatorWhoGaveTheFirstOfTwoApprovalsAtTheConsoleCannotGiveTheSecondFromTelegram() {
        assertThat(admin.send("PUT", "/api/v1/approval-policy/dual-approval/USD", "{\"amountMin\": 100000}", Map.of())
                .status()).isEqualTo(200);
        Deposit deposit = deposit(admin, 150_000);
        ApiClient clerk = ApiClient.signedIn(server.baseUrl(), "clerk", "clerk-password-1");
        Reply first = clerk.post("/api/v1/orders/" + deposit.orderId() + "/approve", Map.of());
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.at("/approvals/label")).isEqualTo("1 of 2");

        Reply again = deliver(press(UPDATES.incrementAndGet(), CLERK_TELEGRAM_ID, "approve:" + deposit.orderId()));
        assertThat(again.at("/outcome")).as("the same person through another channel").isEqualTo("REFUSED");
        assertThat(again.at("/answer")).contains("already approved");
        assertThat(admin.get("/api/v1/orders/" + deposit.orderId()).at("/status")).isEqualTo("PENDING_REVIEW");

        Reply second = deliver(press(UPDATES.incrementAndGet(), MAKER_TELEGRAM_ID, "approve:" + deposit.orderId()));
        assertThat(second.at("/outcome")).isEqualTo("DECIDED");
        assertThat(admin.get("/api/v1/orders/" + deposit.orderId()).at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(admin.get("/api/v1/players/" + deposit.playerId()).body().get("balance").asLong()).isEqualTo(150_000);
    }

    @Test
    void aWrongOrMissingSecretIsRefusedAndAuditedAndDecidesNothing() {
        Deposit deposit = deposit(admin, 500);
        long updatesBefore = count("SELECT count(*) FROM telegram_updates");
        long deniedBefore = count("SELECT count(*) FROM audit_log WHERE action = 'TELEGRAM_WEBHOOK' AND outcome = 'DENIED'");
        String update = press(UPDATES.incrementAndGet(), CLERK_TELEGRAM_ID, "approve:" + deposit.orderId());
        Reply wrong = webhook.post(PATH, update, Map.of("X-Telegram-Bot-Api-Secret-Token", SECRET + "x"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.at("/error/code")).isEqualTo("UNAUTHENTICATED");
        Reply missing = webhook.post(PATH, update, Map.of());
        assertThat(missing.status()).isEqualTo(401);
        assertThat(admin.get("/api/v1/orders/" + deposit.orderId()).at("/status")).isEqualTo("PENDING_REVIEW");
        assertThat(count("SELECT count(*) FROM telegram_updates")).isEqualTo(updatesBefore);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'TELEGRAM_WEBHOOK' AND outcome = 'DENIED'"))
                .isEqualTo(deniedBefore + 2);
    }

    @Test
    void updatesWithoutAButtonAreAcknowledgedAndMalformedOnesRefused() {
        Reply message = deliver("{\"update_id\": " + UPDATES.incrementAndGet()
                + ", \"message\": {\"message_id\": 1, \"text\": \"hello\", \"chat\": {\"id\": 1}}}");
        assertThat(message.status()).isEqualTo(200);
        assertThat(message.at("/outcome")).isEqualTo("IGNORED");
        Reply foreign = deliver(press(UPDATES.incrementAndGet(), CLERK_TELEGRAM_ID, "vote:yes"));
        assertThat(foreign.status()).isEqualTo(200);
        assertThat(foreign.at("/outcome")).isEqualTo("IGNORED");
        Reply broken = deliver("{\"update_id\": ");
        assertThat(broken.status()).isEqualTo(400);
        Reply noId = deliver("{\"message\": {}}");
        assertThat(noId.status()).isEqualTo(400);
        assertThat(noId.at("/error/details/field")).isEqualTo("update_id");
    }
}
