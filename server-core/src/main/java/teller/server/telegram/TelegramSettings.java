package teller.server.telegram;

import static teller.server.common.EnvironmentValues.longOr;
import static teller.server.common.EnvironmentValues.orDefault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The Telegram bot: where the Bot API is, the bot's token, the operators' chat, the webhook's secret,
 * which Telegram users approve as which operator, and the forwarding worker's bounds.
 *
 * @param apiUrl              TELEGRAM_API_URL (default https://api.telegram.org)
 * @param botToken            TELEGRAM_BOT_TOKEN; never logged (it is part of every Bot API URL)
 * @param chatId              TELEGRAM_CHAT_ID: where proofs are forwarded
 * @param webhookSecret       TELEGRAM_WEBHOOK_SECRET: expected in X-Telegram-Bot-Api-Secret-Token
 * @param approvers           TELEGRAM_APPROVERS: Telegram user id to operator username
 * @param attemptsMax         TELEGRAM_FORWARD_ATTEMPTS_MAX: sends of one forward before it is FAILED
 * @param backoffInitial      TELEGRAM_FORWARD_BACKOFF_INITIAL_MS: wait after the first failure (doubled each time, jittered)
 * @param backoffMax          TELEGRAM_FORWARD_BACKOFF_MAX_MS: longest wait between attempts
 * @param callTimeout         TELEGRAM_CALL_TIMEOUT_MS: one Bot API call, upload included
 * @param lease               how long a claimed forward is this process's; far longer than a call
 * @param forwardInterval     TELEGRAM_FORWARD_INTERVAL_MS: how often the worker looks for due forwards
 * @param forwardBatchMax     forwards claimed per iteration
 */
public record TelegramSettings(String apiUrl, String botToken, String chatId, String webhookSecret,
                               Map<Long, String> approvers, int attemptsMax, Duration backoffInitial,
                               Duration backoffMax, Duration callTimeout, Duration lease, Duration forwardInterval,
                               int forwardBatchMax) {
    public static final String API_URL_DEFAULT = "https://api.telegram.org";

    public TelegramSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        approvers = Map.copyOf(approvers);
        if (attemptsMax < 1 || forwardBatchMax < 1) {
            throw new IllegalArgumentException("TELEGRAM_FORWARD_ATTEMPTS_MAX and the batch size must be at least 1");
        }
        if (lease.compareTo(callTimeout.multipliedBy(2)) < 0) {
            // A forward whose call is still running must not be claimed again by another process.
            throw new IllegalArgumentException("the forwarding lease must be at least twice TELEGRAM_CALL_TIMEOUT_MS");
        }
    }

    public static TelegramSettings defaults() {
        return new TelegramSettings(API_URL_DEFAULT, null, null, null, Map.of(), 8, Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(2), 10);
    }

    /** The TELEGRAM_* variables listed above; what is not set keeps its default. */
    public static TelegramSettings fromEnvironment(Function<String, String> get) {
        TelegramSettings d = defaults();
        return d.withBot(orDefault(get.apply("TELEGRAM_API_URL"), d.apiUrl()), get.apply("TELEGRAM_BOT_TOKEN"),
                        get.apply("TELEGRAM_CHAT_ID"), get.apply("TELEGRAM_WEBHOOK_SECRET"),
                        parseApprovers(get.apply("TELEGRAM_APPROVERS")))
                .withRetries((int) longOr(get.apply("TELEGRAM_FORWARD_ATTEMPTS_MAX"), d.attemptsMax()),
                        Duration.ofMillis(longOr(get.apply("TELEGRAM_FORWARD_BACKOFF_INITIAL_MS"), d.backoffInitial().toMillis())),
                        Duration.ofMillis(longOr(get.apply("TELEGRAM_FORWARD_BACKOFF_MAX_MS"), d.backoffMax().toMillis())),
                        Duration.ofMillis(longOr(get.apply("TELEGRAM_CALL_TIMEOUT_MS"), d.callTimeout().toMillis())),
                        Duration.ofMillis(longOr(get.apply("TELEGRAM_FORWARD_INTERVAL_MS"), d.forwardInterval().toMillis())));
    }

    /** Forwarding needs a bot and a chat to send to. */
    public boolean forwardingConfigured() {
        return botToken != null && chatId != null;
    }

    public TelegramSettings withBot(String url, String token, String chat, String secret, Map<Long, String> approverMap) {
        return new TelegramSettings(url, token, chat, secret, approverMap, attemptsMax, backoffInitial, backoffMax,
                callTimeout, lease, forwardInterval, forwardBatchMax);
    }

    public TelegramSettings withRetries(int attempts, Duration initial, Duration max, Duration timeout, Duration interval) {
        Duration newLease = lease.compareTo(timeout.multipliedBy(2)) < 0 ? timeout.multipliedBy(4) : lease;
        return new TelegramSettings(apiUrl, botToken, chatId, webhookSecret, approvers, attempts, initial, max, timeout,
                newLease, interval, forwardBatchMax);
    }

    /**
     * Parses TELEGRAM_APPROVERS: comma-separated {@code telegramUserId=operatorUsername}.
     * A malformed entry stops the server at start rather than silently approving nobody.
     */
    public static Map<Long, String> parseApprovers(String text) {
        Map<Long, String> approvers = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return approvers;
        }
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                throw new IllegalArgumentException("TELEGRAM_APPROVERS entries look like 123456789=alice, got '" + trimmed + "'");
            }
            try {
                approvers.put(Long.parseLong(trimmed.substring(0, eq).trim()), trimmed.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("TELEGRAM_APPROVERS: '" + trimmed.substring(0, eq)
                        + "' is not a Telegram user id", e);
            }
        }
        return approvers;
    }

    /** The record's text never shows the bot token or the webhook secret. */
    @Override
    public String toString() {
        return "TelegramSettings[apiUrl=" + apiUrl + ", botToken=" + (botToken == null ? "unset" : "***")
                + ", chatId=" + chatId + ", webhookSecret=" + (webhookSecret == null ? "unset" : "***")
                + ", approvers=" + approvers + ", attemptsMax=" + attemptsMax + ", backoffInitial=" + backoffInitial
                + ", backoffMax=" + backoffMax + ", callTimeout=" + callTimeout + ", lease=" + lease
                + ", forwardInterval=" + forwardInterval + ", forwardBatchMax=" + forwardBatchMax + "]";
    }
}
