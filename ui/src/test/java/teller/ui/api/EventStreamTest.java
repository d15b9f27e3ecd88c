package teller.ui.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The console's event-stream client against a scripted server: parsing, resume after a drop, stop on 401. */
class EventStreamTest {
    private static MockResponse stream(String body) {
        return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(body);
    }

    @Test
    void reconnectsAfterADropWithLastEventIdAndStopsWhenTheSessionIsRefused() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(stream(":connected\n\n"
                    + "id: 5\nevent: ORDER_CREATED\ndata: {\"id\":5,\"type\":\"ORDER_CREATED\",\"aggregateType\":\"ORDER\","
                    + "\"aggregateId\":\"41\",\"payload\":{\"orderId\":\"41\",\"amount\":700}}\n\n"
                    + ":heartbeat\n\n"));
            server.enqueue(stream("id: 6\nevent: FLAG_RAISED\ndata: {\"id\":6,\"aggregateType\":\"PLAYER\","
                    + "\"aggregateId\":\"p1\",\"payload\":{\"level\":\"HIGH\"}}\n\n"));
            server.enqueue(new MockResponse().setResponseCode(401).setBody("{}"));
            server.start();

            TellerClient client = TellerClient.withToken(TellerClient.defaultHttpClient(),
                    server.url("/").toString(), "session-token");
            List<EventStream.ServerEvent> events = new CopyOnWriteArrayList<>();
            List<Boolean> states = new CopyOnWriteArrayList<>();
            List<Integer> refusals = new CopyOnWriteArrayList<>();
            EventStream.StateListener listener = new EventStream.StateListener() {
                @Override
                public void connected(boolean connected) {
                    states.add(connected);
                }

                @Override
                public void refused(int status) {
                    refusals.add(status);
                }
            };
            try (EventStream stream = EventStream.open(client, events::add, listener)) {
                RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
                RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
                RecordedRequest third = server.takeRequest(5, TimeUnit.SECONDS);
                assertThat(first.getPath()).isEqualTo("/api/v1/events/stream");
                assertThat(first.getHeader("Authorization")).isEqualTo("Bearer session-token");
                assertThat(first.getHeader("Accept")).isEqualTo("text/event-stream");
                assertThat(first.getHeader("Last-Event-ID")).isNull();
                assertThat(second.getHeader("Last-Event-ID")).isEqualTo("5");
                assertThat(third.getHeader("Last-Event-ID")).isEqualTo("6");

                assertThat(server.takeRequest(2, TimeUnit.SECONDS)).as("no retry after 401").isNull();
                assertThat(events).extracting(EventStream.ServerEvent::id).containsExactly(5L, 6L);
                assertThat(events.get(0).type()).isEqualTo("ORDER_CREATED");
                assertThat(events.get(0).aggregateId()).isEqualTo("41");
                assertThat(events.get(0).field("amount")).isEqualTo("700");
                assertThat(events.get(1).field("level")).isEqualTo("HIGH");
                assertThat(stream.lastEventId()).isEqualTo(6);
                assertThat(states).contains(true).endsWith(false);
                assertThat(refusals).as("the refusal is reported once, with its status").containsExactly(401);
            }
        }
    }

    @Test
    void aFullServerIsAskedAgainNoSoonerThanItsRetryAfter() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "2")
                    .setBody("{\"error\":{\"code\":\"EVENT_STREAMS_FULL\"}}"));
            server.enqueue(stream("id: 9\nevent: ORDER_CREATED\ndata: {\"id\":9,\"payload\":{}}\n\n"));
            server.start();
            TellerClient client = TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(), "t");
            List<EventStream.ServerEvent> events = new CopyOnWriteArrayList<>();
            try (EventStream stream = EventStream.open(client, events::add, null)) {
                assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
                long refusedAt = System.nanoTime();
                assertThat(server.takeRequest(10, TimeUnit.SECONDS)).as("it comes back").isNotNull();
                long waitedMillis = (System.nanoTime() - refusedAt) / 1_000_000;
                assertThat(waitedMillis).as("the usual first backoff is at most 500 ms; the server asked for 2 s")
                        .isGreaterThanOrEqualTo(1_900);
            }
        }
    }

    @Test
    void retryAfterIsReadInSecondsAndBounded() {
        assertThat(EventStream.retryAfterMillis("3")).isEqualTo(3_000);
        assertThat(EventStream.retryAfterMillis(" 0 ")).isZero();
        assertThat(EventStream.retryAfterMillis("3600")).isEqualTo(EventStream.BACKOFF_MAX.toMillis());
        assertThat(EventStream.retryAfterMillis("Wed, 21 Oct 2026 07:28:00 GMT")).isZero();
        assertThat(EventStream.retryAfterMillis(null)).isZero();
    }
}
