package teller.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.auth.AuthSettings;
import teller.server.config.ServerConfig;
import teller.server.support.ApiClient;
import teller.server.support.DomainGraph;
import teller.server.support.EventStreamReader;
import teller.server.support.ExecutionFixture;
import teller.server.support.TestServer;

/**
 * {@code GET /api/v1/events/stream} over real HTTP, about who may keep a stream: it ends with the
 * caller's session (logout, disabled operator, idle expiry) so that a reconnect meets 401, and the
 * number of open streams is capped per replica (503) and per operator (429), both with Retry-After.
 */
class EventStreamSessionTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** A session check runs every heartbeat; this leaves room for a loaded machine. */
    private static final Duration END_MAX = Duration.ofSeconds(15);
    private static final int STREAMS_MAX = 2;
    private static final int STREAMS_PER_OPERATOR_MAX = 1;
    private static final String PASSWORD = "stream-password-1";
    private static final AtomicInteger OPERATORS = new AtomicInteger();

    private static final DomainGraph.MutableClock clock = new DomainGraph.MutableClock();
    private static ServerCore server;

    @BeforeAll
    static void start() {
        var events = EventStreamSettings.defaults().withHeartbeat(HEARTBEAT).withStreamsMax(STREAMS_MAX)
                .withStreamsPerOperatorMax(STREAMS_PER_OPERATOR_MAX);
        server = TestServer.start(clock, b -> b.events(events));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Every test starts with free slots: a closed stream's slot comes back when its server thread notices. */
    @BeforeEach
    void noStreamIsOpen() {
        ExecutionFixture.await(END_MAX, "earlier tests' streams to end", () -> server.services().events().openStreams() == 0);
    }

    /** Signed in anew each time: a test that moves the clock ends every session there was. */
    private static ApiClient admin() {
        return ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
    }

    /** A new operator (the least privileged role), signed in. */
    private record Operator(ApiClient client, String id, String name) {
        ApiClient signInAgain() {
            return ApiClient.signedIn(server.baseUrl(), name, PASSWORD);
        }
    }

    private static Operator operator() {
        String name = "streamer" + OPERATORS.incrementAndGet();
        var created = admin().post("/api/v1/operators", Map.of("username", name, "password", PASSWORD, "roles", List.of("VIEWER")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new Operator(ApiClient.signedIn(server.baseUrl(), name, PASSWORD), created.at("/id"), name);
    }

    private static EventStreamReader open(ApiClient caller) throws InterruptedException {
        var stream = EventStreamReader.open(server.baseUrl(), caller.token(), null);
        if (stream.status() == 200) {
            assertThat(stream.nextComment(END_MAX)).isEqualTo("connected");
        }
        return stream;
    }

    private static void assertEndsWithItsSession(EventStreamReader stream, ApiClient caller) throws InterruptedException {
        var expired = stream.next(END_MAX, e -> e.type().equals("SESSION_EXPIRED"));
        assertThat(expired.data().isObject()).isTrue();
        assertThat(stream.awaitEnded(END_MAX)).as("the server ends the stream").isTrue();
        try (var again = EventStreamReader.open(server.baseUrl(), caller.token(), null)) {
            assertThat(again.status()).isEqualTo(401);
        }
    }

    @Test
    void streamEndsWhenItsSessionLogsOutAndAReconnectGets401() throws Exception {
        ApiClient viewer = operator().client();
        try (var stream = open(viewer)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(viewer.post("/api/v1/auth/logout", Map.of()).status()).isEqualTo(204);

            assertEndsWithItsSession(stream, viewer);
        }
    }

    @Test
    void streamEndsWhenItsOperatorIsDisabled() throws Exception {
        var operator = operator();
        ApiClient viewer = operator.client();
        try (var stream = open(viewer)) {
            var disabled = admin().send("PATCH", "/api/v1/operators/" + operator.id(), "{\"active\":false}", Map.of());
            assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);

            assertEndsWithItsSession(stream, viewer);
        }
    }

    @Test
    void streamEndsWhenItsSessionIdlesOutThoughTheStreamItselfIsBusy() throws Exception {
        ApiClient viewer = operator().client();
        try (var stream = open(viewer)) {
            // Heartbeats keep flowing, but a stream is not use of the session: only requests are.
            assertThat(stream.nextComment(END_MAX)).isEqualTo("heartbeat");
            clock.advance(AuthSettings.defaults().sessionIdle().plusMinutes(1));

            assertEndsWithItsSession(stream, viewer);
        }
    }

    @Test
    void anApiTokenCannotOpenAStreamAndARevokedOneIsNoLongerActive() {
        ApiClient admin = admin();
        var created = admin.post("/api/v1/api-tokens", Map.of("name", "stream-portal", "scopes", List.of("orders:read")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        try (var stream = EventStreamReader.open(server.baseUrl(), created.at("/token"), null)) {
            // The stream is for operators only: no scope opens it.
            assertThat(stream.status()).isEqualTo(403);
        }
        // Should a scope ever open it, the stream's periodic check asks this, which a revoke turns false.
        assertThat(server.services().apiTokens().stillActive("stream-portal")).isTrue();
        assertThat(admin.post("/api/v1/api-tokens/" + created.at("/id") + "/revoke", Map.of()).status()).isEqualTo(200);
        assertThat(server.services().apiTokens().stillActive("stream-portal")).isFalse();
    }

    @Test
    void streamsOverTheServersCapAreRefusedWith503UntilOneCloses() throws Exception {
        ApiClient first = operator().client();
        ApiClient second = operator().client();
        ApiClient third = operator().client();
        var a = open(first);
        try (var b = open(second)) {
            assertThat(a.status()).isEqualTo(200);
            assertThat(b.status()).isEqualTo(200);
            assertThat(new ApiClient(server.baseUrl()).get("/metrics").text()).contains("teller_event_streams_open 2.0");

            try (var refused = open(third)) {
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("5");
                assertThat(refused.refusal().at("/error/code").asText()).isEqualTo("EVENT_STREAMS_FULL");
                assertThat(refused.refusal().at("/error/details/limit").asInt()).isEqualTo(STREAMS_MAX);
            }
            // The refused request took no slot; closing a stream frees one.
            a.close();
            ExecutionFixture.await(END_MAX, "the closed stream's slot to come back",
                    () -> server.services().events().openStreams() < STREAMS_MAX);
            try (var admitted = open(third)) {
                assertThat(admitted.status()).isEqualTo(200);
            }
        } finally {
            a.close();
        }
    }

    @Test
    void theServersCapIsReadFromEventStreamMax() {
        assertThat(ServerConfig.fromEnvironment(Map.of("EVENT_STREAM_MAX", "7")).events().streamsMax()).isEqualTo(7);
        EventStreamSettings defaults = ServerConfig.fromEnvironment(Map.of()).events();
        assertThat(defaults.streamsMax()).isEqualTo(200);
        assertThat(defaults.streamsPerOperatorMax()).isEqualTo(10);
    }

    @Test
    void anOperatorOverItsOwnCapIsRefusedWith429EvenFromAnotherSession() throws Exception {
        var operator = operator();
        try (var stream = open(operator.client())) {
            assertThat(stream.status()).isEqualTo(200);
            try (var refused = open(operator.signInAgain())) {
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.header("Retry-After")).isEqualTo("5");
                assertThat(refused.refusal().at("/error/code").asText()).isEqualTo("EVENT_STREAMS_PER_OPERATOR_MAX");
            }
            // Another operator still gets in.
            try (var other = open(operator().client())) {
                assertThat(other.status()).isEqualTo(200);
            }
        }
    }
}
