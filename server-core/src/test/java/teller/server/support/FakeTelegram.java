package teller.server.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server speaking the few Telegram Bot API methods Teller calls, on a random loopback
 * port: {@code POST /bot<token>/sendPhoto} (multipart), {@code answerCallbackQuery} and
 * {@code editMessageCaption} (form). It records every request (parsed parts included) and answers
 * like Telegram: {@code {"ok":true,"result":...}}, or scripted failures in order
 * ({@link #failNextSends}): any status with Telegram's error shape, 429 with {@code retry_after}.
 * A request with a token other than the configured one gets 401, as Telegram answers.
 */
public final class FakeTelegram implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("^/bot([^/]+)/(\\w+)$");

    /** One request as Telegram would have seen it. */
    public record Recorded(String method, Map<String, String> fields, byte[] file, String fileName,
                           String fileContentType, long atNanos) {
    }

    /** A scripted answer to one sendPhoto: HTTP status, Telegram's description, and retry_after for 429. */
    public record Failure(int status, String description, Integer retryAfterSeconds) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-telegram");
        thread.setDaemon(true);
        return thread;
    });
    private final String token;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Failure> sendFailures = new ConcurrentLinkedDeque<>();
    private final AtomicLong messageIds = new AtomicLong(1000);

    /**
     * The update Telegram sends when {@code fromUser} presses an inline button with {@code data}
     * under a photo in chat {@code chatId}, as the webhook receives it.
     */
    public static String buttonPress(long updateId, long fromUser, String data, long chatId) {
        return """
                {"update_id": %d, "callback_query": {"id": "cb-%d", "from": {"id": %d, "is_bot": false, "first_name": "T"},
                 "chat_instance": "42", "data": "%s",
                 "message": {"message_id": 77, "chat": {"id": %d, "type": "supergroup"}, "caption": "DEPOSIT order"}}}"""
                .formatted(updateId, updateId, fromUser, data, chatId);
    }

    public FakeTelegram(String token) {
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private final java.util.concurrent.ConcurrentLinkedDeque<Failure> messageFailures = new java.util.concurrent.ConcurrentLinkedDeque<>();

    /** The next sendMessage calls fail, one per entry, in order; then they succeed again. */
    public void failNextMessages(Failure... failures) {
        messageFailures.addAll(List.of(failures));
    }

    /** The next sendPhoto calls fail, one per entry, in order; then sends succeed again. */
    public void failNextSends(Failure... failures) {
        sendFailures.addAll(List.of(failures));
    }

    public List<Recorded> requests(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).toList();
    }

    /** The sendPhoto requests whose buttons are for this order. */
    public List<Recorded> sendsOf(long orderId) {
        return requests("sendPhoto").stream()
                .filter(r -> r.fields().getOrDefault("reply_markup", "").contains("\"approve:" + orderId + "\""))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                answer(exchange, 404, Map.of("ok", false, "error_code", 404, "description", "Not Found"));
                return;
            }
            if (!path.group(1).equals(token)) {
                answer(exchange, 401, Map.of("ok", false, "error_code", 401, "description", "Unauthorized"));
                return;
            }
            String method = path.group(2);
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            Recorded recorded = contentType != null && contentType.startsWith("multipart/form-data")
                    ? multipart(method, contentType, body) : form(method, body);
            requests.add(recorded);
            switch (method) {
                case "sendPhoto" -> {
                    Failure failure = sendFailures.pollFirst();
                    if (failure != null) {
                        Map<String, Object> error = new LinkedHashMap<>();
                        error.put("ok", false);
                        error.put("error_code", failure.status());
                        error.put("description", failure.description());
                        if (failure.retryAfterSeconds() != null) {
                            error.put("parameters", Map.of("retry_after", failure.retryAfterSeconds()));
                        }
                        answer(exchange, failure.status(), error);
                        return;
                    }
                    long chatId = Long.parseLong(recorded.fields().get("chat_id"));
                    answer(exchange, 200, Map.of("ok", true, "result", Map.of("message_id", messageIds.incrementAndGet(),
                            "chat", Map.of("id", chatId, "type", "supergroup"), "caption",
                            recorded.fields().getOrDefault("caption", ""))));
                }
                case "sendMessage" -> {
                    Failure failure = messageFailures.pollFirst();
                    if (failure != null) {
                        answer(exchange, failure.status(), Map.of("ok", false, "error_code", failure.status(),
                                "description", failure.description()));
                        return;
                    }
                    long chatId = Long.parseLong(recorded.fields().get("chat_id"));
                    answer(exchange, 200, Map.of("ok", true, "result", Map.of("message_id", messageIds.incrementAndGet(),
                            "chat", Map.of("id", chatId, "type", "supergroup"), "text",
                            recorded.fields().getOrDefault("text", ""))));
                }
                case "answerCallbackQuery", "editMessageCaption" -> answer(exchange, 200, Map.of("ok", true, "result", true));
                default -> answer(exchange, 404, Map.of("ok", false, "error_code", 404, "description", "Not Found: method"));
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Recorded form(String method, byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return new Recorded(method, fields, null, null, null, System.nanoTime());
    }

    /** A plain multipart/form-data parser: ISO-8859-1 keeps every byte as one char. */
    private static Recorded multipart(String method, String contentType, byte[] body) {
        String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "");
        String all = new String(body, StandardCharsets.ISO_8859_1);
        Map<String, String> fields = new LinkedHashMap<>();
        byte[] file = null;
        String fileName = null;
        String fileType = null;
        List<String> parts = new ArrayList<>(List.of(all.split(Pattern.quote(boundary))));
        for (String part : parts) {
            if (part.isBlank() || part.startsWith("--")) {
                continue;
            }
            int split = part.indexOf("\r\n\r\n");
            String headers = part.substring(0, split);
            String content = part.substring(split + 4, part.length() - 2); // the CRLF before the next boundary
            Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
            Matcher file1 = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
            Matcher type = Pattern.compile("(?i)Content-Type:\\s*(\\S+)").matcher(headers);
            if (!name.find()) {
                continue;
            }
            if (file1.find()) {
                file = content.getBytes(StandardCharsets.ISO_8859_1);
                fileName = file1.group(1);
                fileType = type.find() ? type.group(1) : null;
            } else {
                fields.put(name.group(1), new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            }
        }
        return new Recorded(method, fields, file, fileName, fileType, System.nanoTime());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
