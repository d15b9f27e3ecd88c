package teller.server.telegram;

import java.time.Duration;
import java.util.List;

/**
 * The few Telegram Bot API methods Teller uses. Implementations never throw for a failed call: the
 * answer says what happened, so the forwarder can decide between retrying and giving up, and the
 * best-effort calls after a decision can be logged and forgotten.
 */
public interface TelegramBotApi {
    /** Sends a photo with a caption and a row of inline buttons to a chat. */
    SendResult sendPhoto(String chatId, byte[] photo, String fileName, String mediaType, String caption,
                         List<Button> buttons);

    /** Sends a plain text message to a chat (operations notices, issue 17). */
    default SendResult sendMessage(String chatId, String text) {
        return SendResult.refused("sendMessage is not supported by " + getClass().getSimpleName());
    }

    /** Answers the spinner of a pressed button; {@code alert} shows it as a dialog. */
    CallResult answerCallbackQuery(String callbackQueryId, String text, boolean alert);

    /** Replaces a message's caption and its buttons (an empty list removes them). */
    CallResult editMessageCaption(String chatId, long messageId, String caption, List<Button> buttons);

    /** An inline keyboard button whose press comes back to the webhook as {@code callbackData}. */
    record Button(String text, String callbackData) {
    }

    record CallResult(boolean ok, String error) {
        public static CallResult success() {
            return new CallResult(true, null);
        }
    }

    /** How a send ended. {@code error} is human readable and never contains the bot token. */
    record SendResult(Kind kind, String chatId, long messageId, Duration retryAfter, String error) {
        public enum Kind {
            /** Delivered: chat id and message id say where. */
            SENT,
            /** Telegram asked to slow down: try again after {@code retryAfter}. */
            RATE_LIMITED,
            /** A failure another attempt may cure: 5xx, timeout, connection refused. */
            RETRYABLE,
            /** Telegram refused the request itself (wrong token, unknown chat, bad photo): retrying cannot help. */
            REFUSED,
            /**
             * Not sent at all: Telegram's circuit breaker is open after repeated failures. Try again after
             * {@code retryAfter}; it was no attempt, so it uses none up.
             */
            HELD
        }

        public static SendResult sent(String chatId, long messageId) {
            return new SendResult(Kind.SENT, chatId, messageId, null, null);
        }

        public static SendResult rateLimited(Duration retryAfter, String error) {
            return new SendResult(Kind.RATE_LIMITED, null, 0, retryAfter, error);
        }

        public static SendResult retryable(String error) {
            return new SendResult(Kind.RETRYABLE, null, 0, null, error);
        }

        public static SendResult refused(String error) {
            return new SendResult(Kind.REFUSED, null, 0, null, error);
        }

        public static SendResult held(Duration retryAfter, String error) {
            return new SendResult(Kind.HELD, null, 0, retryAfter, error);
        }
    }
}
