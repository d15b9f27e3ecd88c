package teller.server.telegram;

import static teller.server.common.EnvironmentValues.longOr;

import java.time.Duration;
import java.util.function.Function;

/**
 * Operations notices to the operators' Telegram chat (issue 17, decision 0121).
 *
 * @param chatId       TELEGRAM_OPS_CHAT_ID, by default TELEGRAM_CHAT_ID; null: notices stay queued
 * @param perMinuteMax OPS_NOTICES_PER_MINUTE_MAX: messages per minute; beyond, the due notices go as one "and N more"
 * @param attemptsMax  OPS_NOTICE_ATTEMPTS_MAX: sends of one notice before it is FAILED
 * @param interval     how often the ops-notices worker runs
 */
public record OpsNoticeSettings(String chatId, int perMinuteMax, int attemptsMax, Duration interval) {
    public static final int PER_MINUTE_MAX_DEFAULT = 20;
    public static final int ATTEMPTS_MAX_DEFAULT = 5;
    public static final Duration INTERVAL_DEFAULT = Duration.ofSeconds(2);

    public OpsNoticeSettings {
        if (perMinuteMax < 2) {
            throw new IllegalArgumentException("OPS_NOTICES_PER_MINUTE_MAX must be at least 2 (one notice and one summary)");
        }
        if (attemptsMax < 1) {
            throw new IllegalArgumentException("OPS_NOTICE_ATTEMPTS_MAX must be at least 1");
        }
    }

    public static OpsNoticeSettings defaults() {
        return new OpsNoticeSettings(null, PER_MINUTE_MAX_DEFAULT, ATTEMPTS_MAX_DEFAULT, INTERVAL_DEFAULT);
    }

    public static OpsNoticeSettings fromEnvironment(Function<String, String> get) {
        String chat = get.apply("TELEGRAM_OPS_CHAT_ID");
        return new OpsNoticeSettings(chat != null ? chat : get.apply("TELEGRAM_CHAT_ID"),
                (int) longOr(get.apply("OPS_NOTICES_PER_MINUTE_MAX"), PER_MINUTE_MAX_DEFAULT),
                (int) longOr(get.apply("OPS_NOTICE_ATTEMPTS_MAX"), ATTEMPTS_MAX_DEFAULT), INTERVAL_DEFAULT);
    }

    public OpsNoticeSettings withChat(String chat) {
        return new OpsNoticeSettings(chat, perMinuteMax, attemptsMax, interval);
    }

    public OpsNoticeSettings withPerMinuteMax(int max) {
        return new OpsNoticeSettings(chatId, max, attemptsMax, interval);
    }

    public OpsNoticeSettings withInterval(Duration value) {
        return new OpsNoticeSettings(chatId, perMinuteMax, attemptsMax, value);
    }
}
