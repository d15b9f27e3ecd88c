package teller.server.telegram;

import java.util.List;

/** Without TELEGRAM_BOT_TOKEN: every call fails honestly with TELEGRAM_NOT_CONFIGURED. */
public final class UnconfiguredTelegramBotApi implements TelegramBotApi {
    @Override
    public SendResult sendPhoto(String chatId, byte[] photo, String fileName, String mediaType, String caption,
                                List<Button> buttons) {
        return SendResult.refused(ProofForwarder.NOT_CONFIGURED);
    }

    @Override
    public SendResult sendMessage(String chatId, String text) {
        return SendResult.refused(ProofForwarder.NOT_CONFIGURED);
    }

    @Override
    public CallResult answerCallbackQuery(String callbackQueryId, String text, boolean alert) {
        return new CallResult(false, ProofForwarder.NOT_CONFIGURED);
    }

    @Override
    public CallResult editMessageCaption(String chatId, long messageId, String caption, List<Button> buttons) {
        return new CallResult(false, ProofForwarder.NOT_CONFIGURED);
    }
}
