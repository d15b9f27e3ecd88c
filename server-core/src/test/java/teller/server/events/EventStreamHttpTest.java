package teller.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.support.ApiClient;
import teller.server.support.EventStreamReader;
import teller.server.support.ExecutionFixture;
import teller.server.support.TestPostgres;

/**
 * {@code GET /api/v1/events/stream} over real HTTP, with two replicas on one database: an event
 * written through one replica's API reaches a client streaming from the other.
 */
class EventStreamHttpTest {
    private static final Duration ARRIVAL_MAX = Duration.ofSeconds(15);
    private static final int REPLAY_MAX = 4;

    private static ExecutionFixture streaming;
    private static ExecutionFixture writing;
    private static String player;

    @BeforeAll
    static void replicas() {
        String database = TestPostgres.freshDatabase();
        var settings = EventStreamSettings.defaults().withHeartbeat(Duration.ofSeconds(1)).withReplayMax(REPLAY_MAX);
        streaming = ExecutionFixture.start(b -> b.database(database, null, null).events(settings));
        writing = ExecutionFixture.start(b -> b.database(database, null, null).events(settings));
        player = writing.fundedPlayer(10_000);
    }

    @AfterAll
    static void stop() {
        writing.close();
        streaming.close();
    }

    private static String streamingUrl() {
        return streaming.server.baseUrl();
    }

    private static boolean createdEventOf(EventStreamReader.Event event, long orderId) {
        return "ORDER_CREATED".equals(event.type()) && String.valueOf(orderId).equals(event.data().at("/payload/orderId").asText());
    }

    @Test
    void streamRefusesACallerWithoutAValidToken() {
        try (var anonymous = EventStreamReader.open(streamingUrl(), null, null);
             var forged = EventStreamReader.open(streamingUrl(), "not-a-session", null)) {
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(forged.status()).isEqualTo(401);
        }
        // A plain JSON request is told what the endpoint speaks.
        var json = streaming.admin.get("/api/v1/events/stream");
        assertThat(json.status()).isEqualTo(406);
        assertThat(json.at("/error/code")).isEqualTo("NOT_ACCEPTABLE");
    }

    @Test
    void orderCreatedAndApprovedOnOneReplicaReachAStreamOnTheOther() throws Exception {
        // A viewer, the least privileged role, receives the stream too.
        streaming.admin.post("/api/v1/operators",
                Map.of("username", "watcher", "password", "watcher-password-1", "roles", List.of("VIEWER")));
        ApiClient viewer = ApiClient.signedIn(streamingUrl(), "watcher", "watcher-password-1");
        try (var stream = EventStreamReader.open(streamingUrl(), viewer.token(), null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.nextComment(ARRIVAL_MAX)).isEqualTo("connected");
            long order = writing.order("DEPOSIT", player, 700);

            var created = stream.next(ARRIVAL_MAX, e -> createdEventOf(e, order));
            assertThat(Long.parseLong(created.id())).isEqualTo(created.data().at("/id").asLong()).isPositive();
            assertThat(created.data().at("/aggregateType").asText()).isEqualTo("ORDER");
            assertThat(created.data().at("/payload/status").asText()).isEqualTo("PENDING_REVIEW");
            assertThat(created.data().at("/payload/amount").asLong()).isEqualTo(700);
            assertThat(created.data().toString()).doesNotContain(viewer.token()).doesNotContain(writing.clerk.token());

            var approved = writing.approve(order);
            assertThat(approved.status()).as(approved.text()).isEqualTo(200);
            var update = stream.next(ARRIVAL_MAX, e -> e.type().equals("ORDER_APPROVED")
                    && String.valueOf(order).equals(e.data().at("/payload/orderId").asText()));
            assertThat(Long.parseLong(update.id())).isGreaterThan(Long.parseLong(created.id()));
            assertThat(update.data().at("/payload/status").asText()).isEqualTo("APPROVED_EXECUTED");
        }
    }

    @Test
    void resumingWithLastEventIdDeliversOnlyNewerEventsInOrder() throws Exception {
        String lastSeen;
        try (var stream = EventStreamReader.open(streamingUrl(), streaming.admin.token(), null)) {
            long seen = writing.order("GAME_LOAD", player, 100);
            lastSeen = stream.next(ARRIVAL_MAX, e -> createdEventOf(e, seen)).id();
        }
        // Written while no client is connected.
        long missed = writing.order("GAME_LOAD", player, 100);
        long missedToo = writing.order("GAME_LOAD", player, 200);
        try (var resumed = EventStreamReader.open(streamingUrl(), streaming.admin.token(), lastSeen)) {
            resumed.next(ARRIVAL_MAX, e -> createdEventOf(e, missedToo));
            var all = resumed.drain(Duration.ofMillis(500));
            assertThat(all).isEmpty();
        }
        try (var resumed = EventStreamReader.open(streamingUrl(), streaming.admin.token(), lastSeen)) {
            var first = resumed.next(ARRIVAL_MAX, e -> true);
            var second = resumed.next(ARRIVAL_MAX, e -> true);
            assertThat(createdEventOf(first, missed)).as("first event after %s: %s", lastSeen, first).isTrue();
            assertThat(createdEventOf(second, missedToo)).as("second: %s", second).isTrue();
            assertThat(Long.parseLong(first.id())).isGreaterThan(Long.parseLong(lastSeen));
            assertThat(Long.parseLong(second.id())).isGreaterThan(Long.parseLong(first.id()));
        }
    }

    @Test
    void clientThatMissedMoreThanTheReplayBoundIsToldToResync() throws Exception {
        for (int i = 0; i < REPLAY_MAX + 1; i++) {
            writing.order("GAME_LOAD", player, 10 + i);
        }
        long written = streaming.server.database().jdbi().withHandle(h ->
                h.createQuery("SELECT max(id) FROM outbox_events").mapTo(Long.class).one());
        ExecutionFixture.await(ARRIVAL_MAX, "the streaming replica to read the outbox that far",
                () -> streaming.server.services().events().position() >= written);
        try (var resumed = EventStreamReader.open(streamingUrl(), streaming.admin.token(), "0")) {
            var resync = resumed.next(ARRIVAL_MAX, e -> true);
            assertThat(resync.type()).isEqualTo("RESYNC");
            assertThat(Long.parseLong(resync.id())).isEqualTo(resync.data().at("/upTo").asLong()).isPositive();
            long next = writing.order("GAME_LOAD", player, 99);
            resumed.next(ARRIVAL_MAX, e -> createdEventOf(e, next));
        }
    }

    @Test
    void idleStreamCarriesHeartbeats() throws Exception {
        try (var stream = EventStreamReader.open(streamingUrl(), streaming.admin.token(), null)) {
            assertThat(stream.nextComment(ARRIVAL_MAX)).isEqualTo("connected");
            assertThat(stream.nextComment(Duration.ofSeconds(5))).isEqualTo("heartbeat");
            assertThat(stream.nextComment(Duration.ofSeconds(5))).isEqualTo("heartbeat");
        }
    }

    @Test
    void malformedLastEventIdIsRefused() {
        try (var stream = EventStreamReader.open(streamingUrl(), streaming.admin.token(), "yesterday")) {
            assertThat(stream.status()).isEqualTo(400);
        }
    }
}
