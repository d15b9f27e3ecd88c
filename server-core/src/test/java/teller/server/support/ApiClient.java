package teller.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Speaks real HTTP to a test server: JSON in, status and JSON out. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private String token;

    public record Reply(int status, JsonNode body, String text, java.net.http.HttpHeaders headers) {
        public Reply(int status, JsonNode body, String text) {
            this(status, body, text, java.net.http.HttpHeaders.of(Map.of(), (name, value) -> true));
        }

        public String at(String pointer) {
            JsonNode node = body.at(pointer);
            return node.isMissingNode() || node.isNull() ? null : node.asText();
        }
    }

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public static ApiClient signedIn(String baseUrl, String username, String password) {
        ApiClient client = new ApiClient(baseUrl);
        Reply login = client.post("/api/v1/auth/login", Map.of("username", username, "password", password));
        if (login.status() != 200) {
            throw new IllegalStateException("login failed: " + login.text());
        }
        client.token = login.at("/token");
        return client;
    }

    /**
     * As an administrator: creates an operator with one role (password {@code <username>-password-1})
     * and returns a client signed in as that operator.
     */
    public ApiClient newOperator(String username, String role) {
        Reply created = post("/api/v1/operators", Map.of("username", username, "password", username + "-password-1",
                "roles", java.util.List.of(role)));
        if (created.status() != 201) {
            throw new IllegalStateException("could not create operator " + username + ": " + created.text());
        }
        return signedIn(baseUrl, username, username + "-password-1");
    }

    public String token() {
        return token;
    }

    public Reply get(String path) {
        return send(request(path).GET().build());
    }

    public Reply post(String path, Object body) {
        return post(path, body, Map.of());
    }

    public Reply post(String path, Object body, Map<String, String> headers) {
        try {
            String text = body instanceof String s ? s : body == null ? "" : JSON.writeValueAsString(body);
            var builder = request(path).POST(HttpRequest.BodyPublishers.ofString(text))
                    .header("Content-Type", "application/json");
            headers.forEach(builder::header);
            return send(builder.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any method, with an optional raw body (null sends none). */
    public Reply send(String method, String path, String body, Map<String, String> headers) {
        var builder = request(path).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        headers.forEach(builder::header);
        return send(builder.build());
    }

    /** A GET whose body is kept as bytes (images), with its status and headers. */
    public HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = text == null || text.isBlank() ? JSON.nullNode() : parse(text);
            return new Reply(response.statusCode(), body, text, response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
