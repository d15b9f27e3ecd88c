package teller.server.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import teller.server.ServerCore;
import teller.server.events.EventTypes;
import teller.server.events.OutboxEvent;
import teller.server.support.DomainGraph;
import teller.server.support.FakeTelegram;
import teller.server.support.TestServer;

/**
 * Operations notices against a fake Bot API on a real server (issue 17): the outbox relay queues a
 * notice for the events worth telling, the worker sends each once to the ops chat, retries Telegram's
 * failures within bounds, and beyond the per-minute cap sends one "and N more". The server's clock
 * stands still (the test moves it), so the minute and the backoff are the test's to decide.
 */
class OpsNoticesTest {
    private static final String TOKEN = "424242:ops-notices-secret-token";
    private static final String OPS_CHAT = "-100555000111";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static FakeTelegram telegram;
    private static ServerCore server;
    private static Jdbi jdbi;
    private static final DomainGraph.MutableClock CLOCK = new DomainGraph.MutableClock();
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void start() {
        LOGS.start();
        ((Logger) LoggerFactory.getLogger("teller")).addAppender(LOGS);
        telegram = new FakeTelegram(TOKEN);
        server = TestServer.start(CLOCK, b -> b
                .telegram(TelegramSettings.defaults().withBot(telegram.baseUrl(), TOKEN, "-100999", null, Map.of()))
                .opsNotices(OpsNoticeSettings.defaults().withChat(OPS_CHAT).withPerMinuteMax(5)
                        .withInterval(Duration.ofMillis(50))));
        jdbi = server.database().jdbi();
    }

    @AfterAll
    static void stop() {
        server.close();
        telegram.close();
        ((Logger) LoggerFactory.getLogger("teller")).detachAppender(LOGS);
        assertThat(LOGS.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(TOKEN)
                || m.contains(TOKEN.substring(7)))).as("the bot token is never logged").isEmpty();
    }

    private static void emit(String type, Map<String, Object> payload) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO outbox_events (event_type, aggregate_type, aggregate_id, payload)
                        VALUES (:t, 'TEST', 'x', CAST(:p AS jsonb))""")
                .bind("t", type).bind("p", teller.server.http.Json.mapper().valueToTree(payload).toString()).execute());
    }

    private static List<String> messages() {
        return telegram.requests("sendMessage").stream().map(r -> {
            assertThat(r.fields().get("chat_id")).isEqualTo(OPS_CHAT);
            return r.fields().get("text");
        }).toList();
    }

    private static long notices(String status) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM ops_notices WHERE status = :s").bind("s", status)
                .mapTo(Long.class).one());
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until " + what).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Messages after the first {@code base}, which the server's own alert watch sent at startup. */
    private static int base;

    private static List<String> mine() {
        List<String> all = messages();
        return all.subList(base, all.size());
    }

    @Test
    void noticesAreSentOnceRetriedWithinBoundsAndCappedPerMinute() {
        // The server's alert watch tells the alerts already on at startup, if any (real notices).
        // Once they are told, the minute is moved on and counting starts.
        await(() -> jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM alert_states").mapTo(Long.class).one()) > 0
                && jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")
                        .mapTo(Long.class).one()) == 0
                && notices("QUEUED") + notices("SENDING") == 0, "the startup alerts are told");
        base = messages().size();
        long sentBefore = notices("SENT");
        CLOCK.advance(Duration.ofSeconds(61));
        // A FRAUDULENT flag is told; a SUSPICIOUS one is not.
        emit(EventTypes.FLAG_RAISED, Map.of("flagId", "1", "playerId", "p-9", "orderId", "7", "rule", "DUPLICATE_PROOF",
                "fraudScore", 85, "fraudLevel", "FRAUDULENT"));
        emit(EventTypes.FLAG_RAISED, Map.of("flagId", "2", "playerId", "p-8", "orderId", "8", "rule", "VELOCITY",
                "fraudScore", 25, "fraudLevel", "SUSPICIOUS"));
        await(() -> mine().size() == 1, "the FRAUDULENT flag is told");
        assertThat(mine().get(0)).contains("p-9", "FRAUDULENT", "85");

        // Telegram fails once: the notice waits its backoff (the clock is the test's), then goes once.
        telegram.failNextMessages(new FakeTelegram.Failure(502, "Bad Gateway", null));
        emit(EventTypes.PROVIDER_STATE_CHANGED, Map.of("id", "game-load", "label", "Game-load provider",
                "breaker", Map.of("state", "OPEN")));
        await(() -> telegram.requests("sendMessage").size() == base + 2, "the first send fails");
        await(() -> jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM ops_notices WHERE status = 'QUEUED' "
                + "AND attempts = 1 AND last_error LIKE '%502%'").mapTo(Long.class).one()) == 1, "it is queued again");
        CLOCK.advance(Duration.ofSeconds(6));
        await(() -> mine().size() == 3, "the retry is sent");
        assertThat(mine().get(2)).contains("Game-load provider", "OPEN");
        emit(EventTypes.PROVIDER_STATE_CHANGED, Map.of("id", "game-load", "label", "Game-load provider",
                "breaker", Map.of("state", "CLOSED")));
        emit(EventTypes.GAME_LOAD_FAILED, Map.of("orderId", "41", "type", "GAME_LOAD", "status", "APPROVED_FAILED",
                "playerId", "p-1", "amount", 500, "currency", "USD", "attempt", 3, "error", "provider refused [LIMIT]"));
        await(() -> mine().size() == 5, "closing and the failed order are told");
        assertThat(mine().get(3)).contains("CLOSED");
        assertThat(mine().get(4)).contains("Order 41", "APPROVED_FAILED", "provider refused [LIMIT]");
        await(() -> notices("SENT") == sentBefore + 4, "the four are marked SENT");

        // The cap is 5 messages a minute and 4 went: twelve more notices go as one "and 12 more".
        for (int i = 0; i < 12; i++) {
            emit(EventTypes.ALERT_CHANGED, Map.of("alert", "NEW_ERROR_CODE", "active", i % 2 == 0, "message", "code " + i));
        }
        await(() -> notices("SUMMARIZED") == 12, "the twelve are summarised");
        assertThat(mine()).as("four notices, one failed attempt, one summary").hasSize(6);
        assertThat(mine().get(5)).contains("… and 12 more operations notices", "12 ALERT_CHANGED");
        // The minute is full: the next notice waits for the next minute, then goes on its own.
        emit(EventTypes.ALERT_CHANGED, Map.of("alert", "FRAUD_SCORE_PENDING", "active", true, "message", "late one"));
        await(() -> jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM ops_notices WHERE text LIKE '%late one%' "
                + "AND status = 'QUEUED'").mapTo(Long.class).one()) == 1, "the late notice is queued");
        assertThat(mine()).hasSize(6);
        CLOCK.advance(Duration.ofSeconds(61));
        await(() -> mine().size() == 7, "the next minute's message");
        assertThat(mine().get(6)).contains("Alert FRAUD_SCORE_PENDING is ON", "late one");
        await(() -> notices("QUEUED") + notices("SENDING") == 0, "nothing left");
        assertThat(mine()).as("nothing is sent twice").hasSize(7);
    }

    @Test
    void theNoticeTextOfEachKind() {
        assertThat(OpsNotices.text(new OutboxEvent(1, EventTypes.ORDER_APPROVED, "ORDER", "1", null,
                Map.of("status", "APPROVED_EXECUTED")))).isNull();
        assertThat(OpsNotices.text(new OutboxEvent(2, EventTypes.PAYOUT_FAILED, "ORDER", "2", null,
                Map.of("orderId", "2", "status", "EXECUTING")))).as("a failed attempt that will be retried").isNull();
        assertThat(OpsNotices.text(new OutboxEvent(3, EventTypes.ALERT_CHANGED, "ALERT", "X", null,
                Map.of("alert", "X", "active", false, "message", "fine")))).isEqualTo("✅ Alert X is off: fine");
        assertThat(OpsNotices.text(new OutboxEvent(4, EventTypes.PROVIDER_STATE_CHANGED, "PROVIDER", "p", null,
                Map.of("label", "Payout provider", "breaker", Map.of("state", "HALF_OPEN"))))).isNull();
    }
}
