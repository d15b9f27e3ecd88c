package teller.server.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The Bot API over HTTP: {@code POST {TELEGRAM_API_URL}/bot{TOKEN}/<method>}. The token is part of
 * every URL, so no URL is ever logged or put in an error; any text that could echo one is masked.
 */
public final class HttpTelegramBotApi implements TelegramBotApi {
    /** Longest answer read (Telegram's are a few hundred bytes). */
    private static final long ERROR_BODY_READ_MAX_BYTES = 64 * 1024;
    private static final int ERROR_TEXT_LENGTH_MAX = 300;

    private final OkHttpClient http;
    private final ObjectMapper json;
    private final String apiUrl;
    private final String token;

    public HttpTelegramBotApi(TelegramSettings settings, OkHttpClient shared, ObjectMapper json) {
        if (settings.botToken() == null) {
            throw new IllegalArgumentException("HttpTelegramBotApi needs TELEGRAM_BOT_TOKEN");
        }
        Duration timeout = settings.callTimeout();
        this.http = shared.newBuilder().callTimeout(timeout).readTimeout(timeout).writeTimeout(timeout).build();
        this.json = json;
        this.apiUrl = settings.apiUrl().endsWith("/") ? settings.apiUrl().substring(0, settings.apiUrl().length() - 1)
                : settings.apiUrl();
        this.token = settings.botToken();
    }

    @Override
    public SendResult sendPhoto(String chatId, byte[] photo, String fileName, String mediaType, String caption,
                                List<Button> buttons) {
        RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("chat_id", chatId)
                .addFormDataPart("caption", caption)
                .addFormDataPart("reply_markup", keyboard(buttons))
                .addFormDataPart("photo", fileName, RequestBody.create(photo, MediaType.get(mediaType)))
                .build();
        try (Response response = http.newCall(request("sendPhoto", body)).execute()) {
            JsonNode answer = parse(response.body());
            if (response.isSuccessful() && answer != null && answer.path("ok").asBoolean(false)) {
                JsonNode message = answer.path("result");
                if (!message.path("message_id").canConvertToLong() || message.path("chat").path("id").isMissingNode()) {
                    return SendResult.retryable("TELEGRAM_BAD_ANSWER: sendPhoto answered ok without a message id");
                }
                return SendResult.sent(message.path("chat").path("id").asText(), message.path("message_id").asLong());
            }
            String error = error(response.code(), answer);
            if (response.code() == 429) {
                long seconds = answer == null ? 0 : answer.path("parameters").path("retry_after").asLong(0);
                return SendResult.rateLimited(Duration.ofSeconds(Math.max(1, seconds)), error);
            }
            if (response.code() >= 500 || response.code() == 408) {
                return SendResult.retryable(error);
            }
            return SendResult.refused(error);
        } catch (IOException e) {
            return SendResult.retryable("TELEGRAM_UNREACHABLE: " + mask(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public SendResult sendMessage(String chatId, String text) {
        RequestBody body = new FormBody.Builder().add("chat_id", chatId).add("text", text)
                .add("disable_web_page_preview", "true").build();
        try (Response response = http.newCall(request("sendMessage", body)).execute()) {
            JsonNode answer = parse(response.body());
            if (response.isSuccessful() && answer != null && answer.path("ok").asBoolean(false)) {
                JsonNode message = answer.path("result");
                return SendResult.sent(message.path("chat").path("id").asText(chatId), message.path("message_id").asLong());
            }
            String error = error(response.code(), answer);
            if (response.code() == 429) {
                long seconds = answer == null ? 0 : answer.path("parameters").path("retry_after").asLong(0);
                return SendResult.rateLimited(Duration.ofSeconds(Math.max(1, seconds)), error);
            }
            if (response.code() >= 500 || response.code() == 408) {
                return SendResult.retryable(error);
            }
            return SendResult.refused(error);
        } catch (IOException e) {
            return SendResult.retryable("TELEGRAM_UNREACHABLE: " + mask(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public CallResult answerCallbackQuery(String callbackQueryId, String text, boolean alert) {
        return call("answerCallbackQuery", new FormBody.Builder().add("callback_query_id", callbackQueryId)
                .add("text", text).add("show_alert", String.valueOf(alert)).build());
    }

    @Override
    public CallResult editMessageCaption(String chatId, long messageId, String caption, List<Button> buttons) {
        return call("editMessageCaption", new FormBody.Builder().add("chat_id", chatId)
                .add("message_id", String.valueOf(messageId)).add("caption", caption)
                .add("reply_markup", keyboard(buttons)).build());
    }

    private CallResult call(String method, RequestBody body) {
        try (Response response = http.newCall(request(method, body)).execute()) {
            JsonNode answer = parse(response.body());
            if (response.isSuccessful() && answer != null && answer.path("ok").asBoolean(false)) {
                return CallResult.success();
            }
            return new CallResult(false, method + ": " + error(response.code(), answer));
        } catch (IOException e) {
            return new CallResult(false, method + ": TELEGRAM_UNREACHABLE: " + mask(String.valueOf(e.getMessage())));
        }
    }

    private Request request(String method, RequestBody body) {
        return new Request.Builder().url(apiUrl + "/bot" + token + "/" + method).post(body).build();
    }

    /** One row of inline buttons; an empty list is an empty keyboard (Telegram then removes the buttons). */
    private String keyboard(List<Button> buttons) {
        List<Map<String, String>> row = buttons.stream()
                .map(b -> Map.of("text", b.text(), "callback_data", b.callbackData())).toList();
        try {
            return json.writeValueAsString(Map.of("inline_keyboard", buttons.isEmpty() ? List.of() : List.of(row)));
        } catch (IOException e) {
            throw new IllegalStateException("an inline keyboard is always serializable", e);
        }
    }

    private JsonNode parse(ResponseBody body) {
        if (body == null) {
            return null;
        }
        try {
            okio.BufferedSource source = body.source();
            source.request(ERROR_BODY_READ_MAX_BYTES);
            return json.readTree(source.getBuffer().readByteArray(Math.min(source.getBuffer().size(),
                    ERROR_BODY_READ_MAX_BYTES)));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String error(int status, JsonNode answer) {
        String description = answer == null ? "" : answer.path("description").asText("");
        String text = "TELEGRAM_HTTP_" + status + (description.isEmpty() ? "" : ": " + description);
        text = mask(text);
        return text.length() <= ERROR_TEXT_LENGTH_MAX ? text : text.substring(0, ERROR_TEXT_LENGTH_MAX) + "…";
    }

    /** Removes the bot token from text that came from elsewhere (an exception, Telegram's own description). */
    private String mask(String text) {
        return text.replace(token, "<bot-token>");
    }
}
