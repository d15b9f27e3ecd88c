package teller.server.http;

import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import teller.server.common.InvalidInputException;
import teller.server.telegram.TelegramApprovals;
import teller.server.telegram.TelegramUpdate;
import teller.server.telegram.WebhookAnswer;

/**
 * Telegram's webhook. It needs no session: Telegram proves itself with the secret header, checked
 * before the body is read. Every well-formed update is answered 200, whatever was decided, or
 * Telegram would deliver it again and again.
 */
final class TelegramRoutes {
    static final String WEBHOOK_PATH = "/api/v1/integrations/telegram/webhook";
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final TelegramApprovals telegram;
    private final ObjectMapper json;

    TelegramRoutes(TelegramApprovals telegram, ObjectMapper json) {
        this.telegram = telegram;
        this.json = json;
    }

    List<ApiRoute> routes() {
        return List.of(new ApiRoute(POST, WEBHOOK_PATH, Access.PUBLIC,
                "Telegram Bot API update (authenticated by X-Telegram-Bot-Api-Secret-Token); Approve/Reject buttons "
                        + "decide through the approval service", null, "TelegramWebhookAnswer", ctx -> {
            telegram.authenticate(ctx.header(SECRET_HEADER), ctx.ip());
            WebhookAnswer answer = telegram.handle(parse(ctx.bodyAsBytes()));
            ctx.json(Views.mapOf("ok", true, "updateId", answer.updateId(), "outcome", answer.outcome(),
                    "answer", answer.answer(), "duplicate", answer.duplicate()));
        }));
    }

    private TelegramUpdate parse(byte[] body) {
        JsonNode update;
        try {
            update = body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            update = null;
        }
        if (update == null || !update.isObject()) {
            throw new InvalidInputException("INVALID_JSON", "body", "a Telegram update (JSON object) is required");
        }
        JsonNode updateId = update.get("update_id");
        if (updateId == null || !updateId.canConvertToLong() || !updateId.isIntegralNumber()) {
            throw new InvalidInputException("update_id", "update_id must be a whole number");
        }
        JsonNode query = update.get("callback_query");
        if (query == null || !query.isObject()) {
            return new TelegramUpdate(updateId.asLong(), null);
        }
        JsonNode id = query.get("id");
        JsonNode from = query.path("from").get("id");
        if (id == null || !id.isTextual() || from == null || !from.isIntegralNumber()) {
            throw new InvalidInputException("callback_query", "callback_query needs an id and from.id");
        }
        JsonNode message = query.path("message");
        JsonNode chat = message.path("chat").get("id");
        JsonNode messageId = message.get("message_id");
        JsonNode data = query.get("data");
        JsonNode caption = message.get("caption");
        return new TelegramUpdate(updateId.asLong(), new TelegramUpdate.Callback(id.asText(), from.asLong(),
                data == null || !data.isTextual() ? null : data.asText(),
                chat == null || chat.isNull() ? null : chat.asText(),
                messageId == null || !messageId.isIntegralNumber() ? null : messageId.asLong(),
                caption == null || !caption.isTextual() ? null : caption.asText()));
    }
}
