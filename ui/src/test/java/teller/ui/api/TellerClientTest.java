package teller.ui.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's side of the wire contract: what it sends and how it reads errors. The happy paths
 * against a real server-core are covered by the app module's tests.
 */
class TellerClientTest {
    private final OkHttpClient http = TellerClient.defaultHttpClient();
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private TellerClient signedIn() throws InterruptedException {
        server.enqueue(json(200, "{\"token\":\"t-123\",\"expiresAt\":\"2030-01-01T00:00:00Z\","
                + "\"operator\":{\"id\":\"1\",\"username\":\"maria\",\"roles\":[\"APPROVER\"]}}"));
        TellerClient.SignedIn signedIn = TellerClient.login(http, server.url("/").toString(), "maria", "secret-pw");
        RecordedRequest login = server.takeRequest();
        assertThat(login.getPath()).isEqualTo("/api/v1/auth/login");
        assertThat(login.getBody().readUtf8()).isEqualTo("{\"username\":\"maria\",\"password\":\"secret-pw\"}");
        assertThat(signedIn.login().operator().roles()).containsExactly("APPROVER");
        return signedIn.client();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Test
    void errorBodyBecomesApiExceptionWithCodeMessageAndField() throws Exception {
        TellerClient client = signedIn();
        server.enqueue(json(400, "{\"error\":{\"code\":\"INVALID_INPUT\",\"message\":\"reason is required\","
                + "\"details\":{\"field\":\"reason\"}}}"));

        assertThatThrownBy(() -> client.reject("12", " ", "key-1"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("INVALID_INPUT");
                    assertThat(e.getMessage()).isEqualTo("reason is required");
                    assertThat(e.field()).isEqualTo("reason");
                    assertThat(e.describe()).isEqualTo("INVALID_INPUT: reason is required");
                });
    }

    @Test
    void errorWithoutTheApiShapeIsNamedByItsStatus() throws Exception {
        TellerClient client = signedIn();
        server.enqueue(new MockResponse().setResponseCode(502).setBody("<html>Bad gateway</html>"));

        assertThatThrownBy(() -> client.order("7")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo("HTTP_502");
            assertThat(e.getMessage()).contains("Bad gateway");
        });
    }

    @Test
    void approveSendsTokenAndIdempotencyKeyAndReads202AsInFlight() throws Exception {
        TellerClient client = signedIn();
        server.enqueue(json(202, "{\"id\":\"9\",\"type\":\"GAME_LOAD\",\"status\":\"EXECUTING\",\"playerId\":\"p-1\","
                + "\"amount\":2500,\"currency\":\"USD\",\"executionAttempts\":1,\"someNewField\":true}"));

        Decision decision = client.approve("9", null, "key-approve-9");

        RecordedRequest approve = server.takeRequest();
        assertThat(approve.getMethod()).isEqualTo("POST");
        assertThat(approve.getPath()).isEqualTo("/api/v1/orders/9/approve");
        assertThat(approve.getHeader("Authorization")).isEqualTo("Bearer t-123");
        assertThat(approve.getHeader(TellerClient.IDEMPOTENCY_HEADER)).isEqualTo("key-approve-9");
        assertThat(decision.inFlight()).isTrue();
        assertThat(decision.order().status()).isEqualTo(OrderStatus.EXECUTING);
        assertThat(decision.order().amount()).isEqualTo(2500);
    }

    @Test
    void listSendsFiltersAndCursorAsQueryParameters() throws Exception {
        TellerClient client = signedIn();
        server.enqueue(json(200, "{\"items\":[{\"id\":\"3\",\"type\":\"SOMETHING_NEW\",\"status\":\"PENDING_REVIEW\","
                + "\"playerId\":\"p-1\",\"amount\":100,\"currency\":\"USD\"}],\"nextCursor\":\"c-2\"}"));

        OrderPage page = client.listOrders(OrderQuery.pending(OrderType.DEPOSIT, 25).next("c-1"));

        assertThat(server.takeRequest().getPath())
                .isEqualTo("/api/v1/orders?limit=25&status=PENDING_REVIEW&type=DEPOSIT&cursor=c-1");
        assertThat(page.nextCursor()).isEqualTo("c-2");
        assertThat(page.items().get(0).type()).as("an order type this client does not know yet")
                .isEqualTo(OrderType.UNKNOWN);
    }

    @Test
    void serverBehindAPathPrefixKeepsItsPrefix() throws Exception {
        server.enqueue(json(200, "{\"token\":\"t\",\"operator\":{\"id\":\"1\",\"username\":\"a\",\"roles\":[]}}"));
        TellerClient.login(http, server.url("/teller").toString(), "a", "b");
        assertThat(server.takeRequest().getPath()).isEqualTo("/teller/api/v1/auth/login");
    }

    @Test
    void unreachableServerBecomesServerUnreachableException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> TellerClient.login(http, "http://127.0.0.1:" + closedPort, "a", "b"))
                .isInstanceOf(ServerUnreachableException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void addressThatIsNotAnHttpUrlIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> TellerClient.parseBaseUrl("teller.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://");
    }
    @Test
    void genericCallsSendTheTokenTheQueryAndTheBodyAndReadTheAnswer() throws Exception {
        TellerClient client = signedIn();
        server.enqueue(json(200, "[{\"id\":\"1\",\"username\":\"a\",\"roles\":[\"ADMIN\"]}]"));
        server.enqueue(json(200, "{\"id\":\"7\",\"username\":\"b c\",\"roles\":[]}"));
        server.enqueue(json(200, "{}"));

        java.util.Map<String, String> query = new java.util.LinkedHashMap<>();
        query.put("status", "OPEN");
        query.put("level", null);
        java.util.List<OperatorInfo> page = client.get("api/v1/things", query,
                new com.fasterxml.jackson.core.type.TypeReference<java.util.List<OperatorInfo>>() { });
        OperatorInfo patched = client.patch("api/v1/operators/" + TellerClient.pathSegment("a/b"),
                java.util.Map.of("enabled", false), OperatorInfo.class);
        client.post("api/v1/things/7/resolve", null, com.fasterxml.jackson.databind.JsonNode.class);

        RecordedRequest get = server.takeRequest();
        assertThat(get.getPath()).isEqualTo("/api/v1/things?status=OPEN");
        assertThat(get.getHeader("Authorization")).isEqualTo("Bearer t-123");
        assertThat(page).extracting(OperatorInfo::roles).containsExactly(java.util.List.of("ADMIN"));
        RecordedRequest patch = server.takeRequest();
        assertThat(patch.getMethod()).isEqualTo("PATCH");
        assertThat(patch.getPath()).isEqualTo("/api/v1/operators/a%2Fb");
        assertThat(patch.getBody().readUtf8()).isEqualTo("{\"enabled\":false}");
        assertThat(patched.username()).isEqualTo("b c");
        RecordedRequest post = server.takeRequest();
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(post.getBodySize()).isZero();
    }
}
