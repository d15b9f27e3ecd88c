package teller.server.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import teller.server.ServerCore;
import teller.server.proof.FileProofSpool;
import teller.server.proof.ProofFixtures;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.FakeTelegram;
import teller.server.support.TestServer;

/**
 * Proof forwarding against a fake Telegram Bot API over real HTTP: the worker sends each proof with
 * its caption and buttons, retries with backoff, honours retry_after, gives up within its bounds,
 * and an operator re-queues what failed. Backoffs are tens of milliseconds here.
 */
class ProofForwardingTest {
    private static final String TOKEN = "123456:" + UUID.randomUUID().toString().replace("-", "");
    private static final String CHAT = "-100987654321";
    private static final int ATTEMPTS_MAX = 3;
    private static final Duration WAIT_MAX = Duration.ofSeconds(20);
    private static final AtomicInteger PLAYERS = new AtomicInteger();

    private static FakeTelegram telegram;
    private static ServerCore server;
    private static ApiClient admin;
    private static ApiClient supervisor;
    private static ApiClient viewer;
    private static Jdbi jdbi;
    private static Path spool;
    private static final List<String> logLines = new CopyOnWriteArrayList<>();
    private static AppenderBase<ILoggingEvent> capture;
    private static Level tellerLevel;

    @BeforeAll
    static void start() throws IOException {
        captureLogs();
        telegram = new FakeTelegram(TOKEN);
        Path data = Files.createTempDirectory("teller-telegram-data");
        server = TestServer.start(b -> b.dataDirectory(data).telegram(TelegramSettings.defaults()
                .withBot(telegram.baseUrl(), TOKEN, CHAT, null, Map.of())
                .withRetries(ATTEMPTS_MAX, Duration.ofMillis(40), Duration.ofMillis(150), Duration.ofSeconds(3),
                        Duration.ofMillis(50))));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        for (String[] op : new String[][] {{"boss", "SUPERVISOR"}, {"watcher", "VIEWER"}}) {
            assertThat(admin.post("/api/v1/operators", Map.of("username", op[0], "password", op[0] + "-password-1",
                    "roles", List.of(op[1]))).status()).isEqualTo(201);
        }
        supervisor = ApiClient.signedIn(server.baseUrl(), "boss", "boss-password-1");
        viewer = ApiClient.signedIn(server.baseUrl(), "watcher", "watcher-password-1");
        jdbi = server.database().jdbi();
        spool = data.resolve(FileProofSpool.DIRECTORY);
    }

    @AfterAll
    static void stop() {
        server.close();
        telegram.close();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(capture);
        ((Logger) LoggerFactory.getLogger("teller")).setLevel(tellerLevel);
        List<String> leaks = logLines.stream().filter(line -> line.contains(TOKEN) || line.contains(TOKEN.substring(7)))
                .toList();
        assertThat(logLines).as("the scenario logged something").isNotEmpty();
        assertThat(leaks).as("log lines carrying the bot token").isEmpty();
    }

    /** Every log line of this class's scenario, formatted as the product formats it, to search for the token. */
    private static void captureLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        @SuppressWarnings("unchecked")
        Encoder<ILoggingEvent> encoder = ((OutputStreamAppender<ILoggingEvent>) root.getAppender("STDERR")).getEncoder();
        capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                logLines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
            }
        };
        capture.setContext(root.getLoggerContext());
        capture.start();
        Logger teller = (Logger) LoggerFactory.getLogger("teller");
        tellerLevel = teller.getLevel();
        teller.setLevel(Level.DEBUG);
        root.addAppender(capture);
    }

    private record Deposit(long orderId, byte[] image, String spoolName) {
    }

    private static Deposit deposit(long amount) {
        String player = "tg-" + PLAYERS.incrementAndGet();
        assertThat(admin.post("/api/v1/players", Map.of("id", player, "username", player, "currency", "USD")).status())
                .isEqualTo(201);
        byte[] image = ProofFixtures.image("png", 12, 10, PLAYERS.get() * 31L);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "DEPOSIT");
        body.put("playerId", player);
        body.put("amount", amount);
        body.put("currency", "USD");
        body.put("paymentMethod", "GCASH");
        body.put("source", Map.of("channel", "PORTAL"));
        body.put("proofImage", ProofFixtures.base64(image));
        Reply created = admin.post("/api/v1/orders", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        long id = Long.parseLong(created.at("/id"));
        String name = jdbi.withHandle(h -> h.createQuery("SELECT spool_name FROM proof_forwards WHERE order_id = :id")
                .bind("id", id).mapTo(String.class).one());
        return new Deposit(id, image, name);
    }

    private static String status(long orderId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM proof_forwards WHERE order_id = :id")
                .bind("id", orderId).mapTo(String.class).one());
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT_MAX.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for: " + what).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The statuses written to the outbox for an order's forward, in order. */
    private static List<String> eventStatuses(long orderId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT payload->>'status' FROM outbox_events
                         WHERE event_type = 'PROOF_FORWARD_UPDATED' AND aggregate_id = :id ORDER BY id""")
                .bind("id", String.valueOf(orderId)).mapTo(String.class).list());
    }

    @Test
    void aProofIsSentAsAPhotoWithCaptionAndButtonsAndLeavesTheSpool() {
        Deposit deposit = deposit(5_000);
        await("SENT", () -> status(deposit.orderId()).equals("SENT"));

        List<FakeTelegram.Recorded> sends = telegram.sendsOf(deposit.orderId());
        assertThat(sends).hasSize(1);
        FakeTelegram.Recorded send = sends.get(0);
        assertThat(send.fields().get("chat_id")).isEqualTo(CHAT);
        assertThat(send.file()).as("the photo part holds the proof's bytes").isEqualTo(deposit.image());
        assertThat(send.fileContentType()).isEqualTo("image/png");
        assertThat(send.fields().get("caption")).contains("DEPOSIT order #" + deposit.orderId(), "Player: tg-",
                "Amount: 50.00 USD", "Method: GCASH", "Limits (intake):",
                "fraud: SAFE (score 0), no open flags on this order");
        assertThat(send.fields().get("reply_markup")).contains("\"callback_data\":\"approve:" + deposit.orderId() + "\"",
                "\"callback_data\":\"reject:" + deposit.orderId() + "\"", "inline_keyboard");

        assertThat(spool.resolve(deposit.spoolName())).as("kept for the operators' card while the order is undecided")
                .exists();
        assertThat(supervisor.post("/api/v1/orders/" + deposit.orderId() + "/reject", Map.of("reason", "test")).status())
                .isEqualTo(200);
        server.services().proofSweeper().sweep();
        assertThat(spool.resolve(deposit.spoolName())).as("the image leaves the spool once delivered and decided")
                .doesNotExist();
        Reply detail = admin.get("/api/v1/orders/" + deposit.orderId());
        assertThat(detail.at("/proof/forwarding/status")).isEqualTo("SENT");
        assertThat(detail.at("/proof/forwarding/messageRef")).matches(CHAT + ":\\d+");
        assertThat(detail.body().at("/proof/forwarding/spooled").asBoolean()).isFalse();
        assertThat(detail.body().at("/proof/forwarding/attempts").asInt()).isEqualTo(1);
        Map<String, Object> row = jdbi.withHandle(h -> h.createQuery(
                "SELECT chat_id, message_id, lease_token FROM proof_forwards WHERE order_id = :id")
                .bind("id", deposit.orderId()).mapToMap().one());
        assertThat(row.get("chat_id")).isEqualTo(CHAT);
        assertThat(row.get("message_id")).isNotNull();
        assertThat(row.get("lease_token")).as("the lease is given back").isNull();
        assertThat(eventStatuses(deposit.orderId())).containsExactly("QUEUED", "SENT");
    }

    @Test
    void aFailedSendIsRetriedWithBackoffAndThenSent() {
        telegram.failNextSends(new FakeTelegram.Failure(502, "Bad Gateway", null),
                new FakeTelegram.Failure(500, "Internal Server Error", null));
        Deposit deposit = deposit(700);
        await("SENT", () -> status(deposit.orderId()).equals("SENT"));

        assertThat(telegram.sendsOf(deposit.orderId())).hasSize(3);
        assertThat(eventStatuses(deposit.orderId())).containsExactly("QUEUED", "RETRYING", "RETRYING", "SENT");
        String lastErrorOfFirstRetry = jdbi.withHandle(h -> h.createQuery("""
                        SELECT payload->>'lastError' FROM outbox_events WHERE event_type = 'PROOF_FORWARD_UPDATED'
                           AND aggregate_id = :id AND payload->>'status' = 'RETRYING' ORDER BY id LIMIT 1""")
                .bind("id", String.valueOf(deposit.orderId())).mapTo(String.class).one());
        assertThat(lastErrorOfFirstRetry).isEqualTo("TELEGRAM_HTTP_502: Bad Gateway");
        Reply detail = admin.get("/api/v1/orders/" + deposit.orderId());
        assertThat(detail.body().at("/proof/forwarding/attempts").asInt()).isEqualTo(3);
        assertThat(detail.body().at("/proof/forwarding/lastError").isNull()).isTrue();
    }

    @Test
    void aForwardThatKeepsFailingGivesUpAndASupervisorReQueuesIt() {
        telegram.failNextSends(new FakeTelegram.Failure(500, "Internal Server Error", null),
                new FakeTelegram.Failure(500, "Internal Server Error", null),
                new FakeTelegram.Failure(500, "Internal Server Error", null));
        Deposit deposit = deposit(800);
        await("FAILED", () -> status(deposit.orderId()).equals("FAILED"));
        assertThat(telegram.sendsOf(deposit.orderId())).hasSize(ATTEMPTS_MAX);
        assertThat(spool.resolve(deposit.spoolName())).as("kept for a re-queue").exists();

        Reply failed = admin.get("/api/v1/proof-forwards?status=FAILED");
        assertThat(failed.status()).isEqualTo(200);
        var item = failed.body().at("/items/0");
        assertThat(item.path("orderId").asText()).isEqualTo(String.valueOf(deposit.orderId()));
        assertThat(item.path("attempts").asInt()).isEqualTo(ATTEMPTS_MAX);
        assertThat(item.path("lastError").asText()).isEqualTo("gave up after 3 attempts: TELEGRAM_HTTP_500: Internal Server Error");
        assertThat(item.path("nextAttemptAt").isNull()).isTrue();
        String forwardId = item.path("id").asText();

        assertThat(viewer.post("/api/v1/proof-forwards/" + forwardId + "/retry", null).status())
                .as("a viewer may look but not re-send").isEqualTo(403);
        Reply requeued = supervisor.post("/api/v1/proof-forwards/" + forwardId + "/retry", null);
        assertThat(requeued.status()).as(requeued.text()).isEqualTo(200);
        await("SENT after the re-queue", () -> status(deposit.orderId()).equals("SENT"));
        assertThat(telegram.sendsOf(deposit.orderId())).hasSize(ATTEMPTS_MAX + 1);
        assertThat(supervisor.post("/api/v1/orders/" + deposit.orderId() + "/reject", Map.of("reason", "test")).status())
                .isEqualTo(200);
        server.services().proofSweeper().sweep();
        assertThat(spool.resolve(deposit.spoolName())).doesNotExist();

        Reply again = supervisor.post("/api/v1/proof-forwards/" + forwardId + "/retry", null);
        assertThat(again.status()).as("a sent proof is not re-sent").isEqualTo(409);
        assertThat(again.at("/error/code")).isEqualTo("PROOF_FORWARD_NOT_RETRYABLE");
        assertThat(supervisor.post("/api/v1/proof-forwards/987654321/retry", null).status()).isEqualTo(404);
        long audited = jdbi.withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM audit_log WHERE action = 'PROOF_FORWARD_REQUEUE' AND resource_id = :id
                           AND outcome = 'SUCCESS'""").bind("id", forwardId).mapTo(Long.class).one());
        assertThat(audited).isEqualTo(1);
        // The three failures may have opened Telegram's breaker: then the re-queued send is held (RETRYING, no call,
        // no attempt used: the Telegram calls counted above are exactly one more) until it half-opens.
        List<String> statuses = eventStatuses(deposit.orderId());
        assertThat(statuses.subList(0, 5)).containsExactly("QUEUED", "RETRYING", "RETRYING", "FAILED", "QUEUED");
        assertThat(statuses.get(statuses.size() - 1)).isEqualTo("SENT");
        assertThat(statuses.subList(5, statuses.size() - 1)).as("held by the breaker").containsOnly("RETRYING");
    }

    @Test
    void telegramsRetryAfterIsHonouredBeforeTheNextAttempt() {
        telegram.failNextSends(new FakeTelegram.Failure(429, "Too Many Requests: retry after 1", 1));
        Instant before = Instant.now();
        Deposit deposit = deposit(900);
        await("RETRYING", () -> status(deposit.orderId()).equals("RETRYING"));
        Instant next = jdbi.withHandle(h -> h.createQuery("SELECT next_attempt_at FROM proof_forwards WHERE order_id = :id")
                .bind("id", deposit.orderId()).mapTo(Instant.class).one());
        assertThat(next).isAfterOrEqualTo(before.plusSeconds(1));
        await("SENT", () -> status(deposit.orderId()).equals("SENT"));
        List<FakeTelegram.Recorded> sends = telegram.sendsOf(deposit.orderId());
        assertThat(sends).hasSize(2);
        assertThat(Duration.ofNanos(sends.get(1).atNanos() - sends.get(0).atNanos()))
                .as("the second send waited for retry_after").isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aRequestTelegramRefusesFailsAtOnceAndItsErrorNeverEchoesTheToken() {
        // Telegram refusing the request itself (here: an unknown chat) cannot be cured by retrying.
        telegram.failNextSends(new FakeTelegram.Failure(400, "Bad Request: chat not found for /bot" + TOKEN, null));
        Deposit deposit = deposit(1_000);
        await("FAILED", () -> status(deposit.orderId()).equals("FAILED"));
        assertThat(telegram.sendsOf(deposit.orderId())).hasSize(1);
        String lastError = jdbi.withHandle(h -> h.createQuery("SELECT last_error FROM proof_forwards WHERE order_id = :id")
                .bind("id", deposit.orderId()).mapTo(String.class).one());
        assertThat(lastError).startsWith("TELEGRAM_HTTP_400: Bad Request: chat not found").doesNotContain(TOKEN);
    }

    @Test
    void theForwardListFiltersByStatusPagesAndRefusesAnUnknownStatus() {
        Deposit deposit = deposit(1_100);
        await("SENT", () -> status(deposit.orderId()).equals("SENT"));
        Reply sent = viewer.get("/api/v1/proof-forwards?status=SENT&limit=1");
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body().at("/items").size()).isEqualTo(1);
        assertThat(sent.at("/items/0/status")).isEqualTo("SENT");
        String cursor = sent.at("/nextCursor");
        assertThat(cursor).isNotBlank();
        Reply next = viewer.get("/api/v1/proof-forwards?status=SENT&limit=1&cursor=" + cursor);
        assertThat(next.body().at("/items/0/id").asLong()).isLessThan(sent.body().at("/items/0/id").asLong());
        Reply bad = viewer.get("/api/v1/proof-forwards?status=LOST");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.at("/error/details/field")).isEqualTo("status");
    }

    @Test
    void anExpiredForwardWhoseImageIsGoneCannotBeReQueued() {
        Deposit deposit = deposit(1_200);
        await("SENT", () -> status(deposit.orderId()).equals("SENT"));
        // Another deposit's proof expires and the sweep removes its image.
        telegram.failNextSends(new FakeTelegram.Failure(500, "down", null), new FakeTelegram.Failure(500, "down", null),
                new FakeTelegram.Failure(500, "down", null));
        Deposit expiring = deposit(1_300);
        await("FAILED", () -> status(expiring.orderId()).equals("FAILED"));
        jdbi.useHandle(h -> h.createUpdate("UPDATE proof_forwards SET expires_at = now() - interval '1 second' WHERE order_id = :id")
                .bind("id", expiring.orderId()).execute());
        server.services().proofSweeper().sweep();
        assertThat(status(expiring.orderId())).isEqualTo("EXPIRED");
        String id = jdbi.withHandle(h -> h.createQuery("SELECT id FROM proof_forwards WHERE order_id = :id")
                .bind("id", expiring.orderId()).mapTo(String.class).one());
        Reply refused = supervisor.post("/api/v1/proof-forwards/" + id + "/retry", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.at("/error/code")).isEqualTo("PROOF_NO_LONGER_SPOOLED");
        assertThat(status(expiring.orderId())).isEqualTo("EXPIRED");
    }

    @Test
    void anExpiredForwardWhoseImageIsStillSpooledIsReQueuedWithFreshRetention() {
        telegram.failNextSends(new FakeTelegram.Failure(500, "down", null), new FakeTelegram.Failure(500, "down", null),
                new FakeTelegram.Failure(500, "down", null));
        Deposit deposit = deposit(1_400);
        await("FAILED", () -> status(deposit.orderId()).equals("FAILED"));
        // Expired by the sweep's rule, but the sweep has not removed the image yet.
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE proof_forwards SET status = 'EXPIRED', expires_at = now() - interval '1 second'
                         WHERE order_id = :id""").bind("id", deposit.orderId()).execute());
        String id = jdbi.withHandle(h -> h.createQuery("SELECT id FROM proof_forwards WHERE order_id = :id")
                .bind("id", deposit.orderId()).mapTo(String.class).one());
        Reply requeued = supervisor.post("/api/v1/proof-forwards/" + id + "/retry", null);
        assertThat(requeued.status()).as(requeued.text()).isEqualTo(200);
        assertThat(Instant.parse(requeued.at("/expiresAt"))).isAfter(Instant.now().plus(Duration.ofHours(1)));
        await("SENT", () -> status(deposit.orderId()).equals("SENT"));
    }

    @Test
    void twoForwardersClaimingAtOnceNeverSendOneProofTwice() throws Exception {
        // A second forwarder over the same database, as on a second replica, racing the server's own worker.
        var services = server.services();
        List<Deposit> deposits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            deposits.add(deposit(2_000 + i));
        }
        Thread other = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                services.proofForwarder().forwardDue();
            }
        });
        other.start();
        for (int i = 0; i < 20; i++) {
            services.proofForwarder().forwardDue();
        }
        other.join();
        for (Deposit deposit : deposits) {
            await("SENT", () -> status(deposit.orderId()).equals("SENT"));
            assertThat(telegram.sendsOf(deposit.orderId())).as("order %d", deposit.orderId()).hasSize(1);
        }
    }
}
