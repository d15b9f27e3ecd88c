package teller.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import teller.server.ServerCore;
import teller.server.config.ServerConfig;

/**
 * The server a benchmark measures: a real server-core on a fresh embedded PostgreSQL in a new
 * temporary data directory, listening on 127.0.0.1 on a free port, whatever DATABASE_URL or
 * TELLER_BIND_ADDRESS say. A benchmark must never write into a configured database. Closing stops
 * the server and deletes the directory.
 */
final class BenchServer implements AutoCloseable {
    static final String ADMIN_USER = "admin";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path dataDirectory;
    private final String adminPassword;
    private final ServerCore core;

    private BenchServer(Path dataDirectory, String adminPassword, ServerCore core) {
        this.dataDirectory = dataDirectory;
        this.adminPassword = adminPassword;
        this.core = core;
    }

    /**
     * Starts the server with the settings of {@code environment} except where it would touch
     * something real (database, data directory, address, admin password); {@code tune} adjusts the
     * rest for the benchmark.
     */
    static BenchServer start(String name, Map<String, String> environment, Consumer<ServerConfig.Builder> tune)
            throws IOException {
        Path dataDir = Files.createTempDirectory("teller-" + name);
        String password = UUID.randomUUID().toString();
        ServerConfig.Builder builder = ServerConfig.fromEnvironment(environment).toBuilder()
                .database(null, null, null).dataDirectory(dataDir).bindAddress("127.0.0.1").port(0)
                .adminPassword(password).demo(false);
        tune.accept(builder);
        try {
            return new BenchServer(dataDir, password, ServerCore.start(builder.build()));
        } catch (IOException | RuntimeException e) {
            deleteTree(dataDir);
            throw e;
        }
    }

    ServerCore core() {
        return core;
    }

    String baseUrl() {
        return core.baseUrl();
    }

    /** Signs the bootstrap administrator in over HTTP. */
    String adminToken(OkHttpClient http) throws IOException {
        return login(http, ADMIN_USER, adminPassword);
    }

    /** Signs an operator in over HTTP and returns the bearer token. */
    String login(OkHttpClient http, String username, String password) throws IOException {
        String body = MAPPER.writeValueAsString(Map.of("username", username, "password", password));
        try (Response response = http.newCall(new Request.Builder().url(baseUrl() + "/api/v1/auth/login")
                .post(RequestBody.create(body, JSON)).build()).execute()) {
            JsonNode json = MAPPER.readTree(response.body().string());
            if (response.code() != 200) {
                throw new IOException("login of " + username + " failed: " + response.code() + " " + json);
            }
            return json.path("token").asText();
        }
    }

    @Override
    public void close() {
        try {
            core.close();
        } finally {
            deleteTree(dataDirectory);
        }
    }

    /** An HTTP client builder that lets {@code concurrent} calls run at once, all to this one server. */
    static OkHttpClient.Builder httpClient(int concurrent) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(concurrent);
        dispatcher.setMaxRequestsPerHost(concurrent);
        return new OkHttpClient.Builder().dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(concurrent, 1, TimeUnit.MINUTES));
    }

    /** Releases a client's threads and connections at the end of a run. */
    static void stop(OkHttpClient http) {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** The {@code q} quantile of sorted nanosecond samples, in milliseconds (nearest rank). */
    static double percentileMillis(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; the OS cleans it eventually
        }
    }
}
