package teller.server.telegram;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.common.Transactor;
import teller.server.events.EventTypes;
import teller.server.events.OutboxEvent;
import teller.server.events.OutboxSink;

/**
 * Operations notices to the operators' Telegram chat (issue 17, decision 0121): the outbox relay's
 * first real sink. {@link #deliver} (in the relay's transaction) queues a notice for the events
 * worth telling: an order that ended APPROVED_FAILED with its error, a provider's circuit breaker
 * opening or closing, a dashboard alert turning on or off, a fraud flag that makes its player
 * FRAUDULENT. {@link #sendDue} (the ops-notices worker) sends them: each at most once (marked
 * SENDING and committed before the one Bot API call), with bounded retries of Telegram's own
 * failures, and at most {@code perMinuteMax} messages a minute, beyond which the notices due go as one
 * "and N more" message. Unconfigured (no bot token or no chat), notices stay QUEUED with the reason.
 * The bot token lives in the Bot API adapter only and is never logged here.
 */
public final class OpsNotices implements OutboxSink {
    private static final Logger log = LoggerFactory.getLogger(OpsNotices.class);
    public static final String NOT_CONFIGURED = "TELEGRAM_NOT_CONFIGURED: set TELEGRAM_BOT_TOKEN and TELEGRAM_OPS_CHAT_ID "
            + "(or TELEGRAM_CHAT_ID)";
    public static final int TEXT_LENGTH_MAX = 3_500;
    /** How many notices one summary looks at (and covers) at most. */
    public static final int SUMMARY_MAX = 1_000;
    private static final Duration BACKOFF_INITIAL = Duration.ofSeconds(5);
    private static final Duration BACKOFF_MAX = Duration.ofMinutes(10);

    private final Transactor tx;
    private final OpsNoticeStore store;
    private final TelegramBotApi bot;
    private final boolean botConfigured;
    private final Clock clock;
    private final OpsNoticeSettings settings;

    public OpsNotices(Transactor tx, OpsNoticeStore store, TelegramBotApi bot, boolean botConfigured, Clock clock,
                      OpsNoticeSettings settings) {
        this.tx = tx;
        this.store = store;
        this.bot = bot;
        this.botConfigured = botConfigured;
        this.clock = clock;
        this.settings = settings;
    }

    public boolean configured() {
        return botConfigured && settings.chatId() != null && !settings.chatId().isBlank();
    }

    // ------------------------------------------------------------------ queueing (outbox relay)

    @Override
    public void deliver(OutboxEvent event) {
        String text = text(event);
        if (text != null) {
            store.enqueue(event.id(), event.type(), clip(text), clock.instant());
        }
    }

    /** The notice of an event, or null when the event is not one for the operators' chat. */
    static String text(OutboxEvent event) {
        Map<String, Object> p = event.payload();
        switch (event.type()) {
            case EventTypes.GAME_LOAD_FAILED, EventTypes.PAYOUT_FAILED -> {
                if (!"APPROVED_FAILED".equals(p.get("status"))) {
                    return null;
                }
                return "⚠️ Order " + p.get("orderId") + " (" + p.get("type") + ", " + money(p) + ", player "
                        + p.get("playerId") + ") ended APPROVED_FAILED after attempt " + p.get("attempt") + ": "
                        + p.get("error");
            }
            case EventTypes.PROVIDER_STATE_CHANGED -> {
                Object breaker = p.get("breaker");
                Object state = breaker instanceof Map<?, ?> b ? b.get("state") : p.get("circuitBreakerState");
                if ("OPEN".equals(state)) {
                    Object error = p.get("lastError") instanceof Map<?, ?> e ? e.get("code") + ": " + e.get("message") : null;
                    return "🔴 " + p.get("label") + ": circuit breaker OPEN, calls refused until it recovers"
                            + (error == null ? "" : " (last error " + error + ")");
                }
                if ("CLOSED".equals(state)) {
                    return "🟢 " + p.get("label") + ": circuit breaker CLOSED, calls go through again";
                }
                return null;
            }
            case EventTypes.ALERT_CHANGED -> {
                boolean active = Boolean.TRUE.equals(p.get("active"));
                return (active ? "🚨 Alert " + p.get("alert") + " is ON: " : "✅ Alert " + p.get("alert") + " is off: ")
                        + p.get("message");
            }
            case EventTypes.FLAG_RAISED -> {
                if (!"FRAUDULENT".equals(p.get("fraudLevel"))) {
                    return null;
                }
                return "⛔ Player " + p.get("playerId") + " is FRAUDULENT (score " + p.get("fraudScore") + ") after a "
                        + p.get("rule") + " flag on order " + p.get("orderId");
            }
            default -> {
                return null;
            }
        }
    }

    private static String money(Map<String, Object> p) {
        return p.get("amount") + " " + p.get("currency") + " minor units";
    }

    private static String clip(String text) {
        return text.length() <= TEXT_LENGTH_MAX ? text : text.substring(0, TEXT_LENGTH_MAX) + "…";
    }

    // ------------------------------------------------------------------ sending (ops-notices worker)

    /** One iteration: sends what is due within the minute's cap; returns the messages sent. */
    public int sendDue() {
        if (!configured()) {
            tx.run(() -> store.noteWaiting(NOT_CONFIGURED));
            return 0;
        }
        Instant now = clock.instant();
        long budget = settings.perMinuteMax() - tx.read(() -> store.sentSince(now.minus(Duration.ofMinutes(1))));
        if (budget <= 0) {
            return 0;
        }
        // Claim what is due (one transaction), then call Telegram outside it.
        List<OpsNoticeStore.Notice> due = tx.inTransaction(() -> {
            List<OpsNoticeStore.Notice> found = store.due(now, (int) Math.min(SUMMARY_MAX, budget + SUMMARY_MAX));
            List<OpsNoticeStore.Notice> claimed = new ArrayList<>();
            for (OpsNoticeStore.Notice n : found) {
                store.markSending(n.id()).ifPresent(claimed::add);
            }
            return claimed;
        });
        if (due.isEmpty()) {
            return 0;
        }
        int individually = due.size() <= budget ? due.size() : (int) budget - 1;
        int sent = 0;
        for (OpsNoticeStore.Notice n : due.subList(0, individually)) {
            sent += send(n) ? 1 : 0;
        }
        List<OpsNoticeStore.Notice> rest = due.subList(individually, due.size());
        if (!rest.isEmpty()) {
            sent += summarise(rest) ? 1 : 0;
        }
        return sent;
    }

    private boolean send(OpsNoticeStore.Notice n) {
        TelegramBotApi.SendResult result = bot.sendMessage(settings.chatId(), n.text());
        Instant now = clock.instant();
        if (result.kind() == TelegramBotApi.SendResult.Kind.SENT) {
            tx.run(() -> store.markSent(List.of(n.id()), "SENT", now));
            return true;
        }
        boolean giveUp = result.kind() == TelegramBotApi.SendResult.Kind.REFUSED || n.attempts() >= settings.attemptsMax();
        Duration wait = result.retryAfter() != null ? result.retryAfter() : backoff(n.attempts());
        tx.run(() -> store.markFailed(n.id(), giveUp, now.plus(wait), result.error()));
        log.warn("operations notice {} ({}) not sent, attempt {} of {}{}: {}", n.id(), n.kind(), n.attempts(),
                settings.attemptsMax(), giveUp ? ", given up" : "", result.error());
        return false;
    }

    private boolean summarise(List<OpsNoticeStore.Notice> rest) {
        Map<String, Integer> kinds = new LinkedHashMap<>();
        rest.forEach(n -> kinds.merge(n.kind(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        kinds.forEach((kind, count) -> parts.add(count + " " + kind));
        String text = "… and " + rest.size() + " more operations notices in the last minute (" + String.join(", ", parts)
                + "); see the console's dashboard and audit.";
        List<Long> ids = rest.stream().map(OpsNoticeStore.Notice::id).toList();
        TelegramBotApi.SendResult result = bot.sendMessage(settings.chatId(), text);
        Instant now = clock.instant();
        if (result.kind() == TelegramBotApi.SendResult.Kind.SENT) {
            tx.run(() -> store.markSent(ids, "SUMMARIZED", now));
            return true;
        }
        tx.run(() -> store.requeue(ids, result.error()));
        log.warn("summary of {} operations notices not sent: {}", ids.size(), result.error());
        return false;
    }

    private static Duration backoff(int attempts) {
        Duration wait = BACKOFF_INITIAL.multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return wait.compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : wait;
    }
}
