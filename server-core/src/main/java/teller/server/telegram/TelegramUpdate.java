package teller.server.telegram;

/**
 * The parts of a Telegram update that Teller acts on. {@code callback} is null for every other kind
 * of update (messages, edits), which are acknowledged and ignored.
 */
public record TelegramUpdate(long updateId, Callback callback) {
    /**
     * A pressed inline button: the callback query's id (to answer it), who pressed it, its data, and
     * the message it sits under (to edit it once decided); message fields may be null.
     */
    public record Callback(String id, long fromUserId, String data, String chatId, Long messageId, String caption) {
    }
}
