package teller.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import teller.ui.api.EventStream;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/**
 * The session's shared live events against a scripted server: each subscriber gets the types it
 * asked for plus RESYNC, a closed subscription gets nothing more, a failing subscriber does not
 * keep the event from the others, and a refused session is reported to the console once.
 */
class LiveFeedTest {
    private static String event(long id, String type, String aggregateId) {
        return "id: " + id + "\nevent: " + type + "\ndata: {\"id\":" + id + ",\"aggregateType\":\"ORDER\","
                + "\"aggregateId\":\"" + aggregateId + "\",\"payload\":{}}\n\n";
    }

    @Test
    void deliversEachSubscriberItsTypesAndResyncAndReportsTheRefusedSession() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(
                    event(1, "ORDER_CREATED", "10") + event(2, "FLAG_RAISED", "11") + event(3, "PROOF_FORWARD_UPDATED", "12")
                            + event(4, "RESYNC", "") + event(5, "ORDER_CREATED", "13")));
            server.enqueue(new MockResponse().setResponseCode(401).setBody("{}"));
            server.start();
            TellerClient client = TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(),
                    "session-token");

            List<String> orders = new CopyOnWriteArrayList<>();
            List<String> flags = new CopyOnWriteArrayList<>();
            List<String> closedEarly = new CopyOnWriteArrayList<>();
            CountDownLatch refused = new CountDownLatch(1);
            List<String> refusals = new CopyOnWriteArrayList<>();
            try (LiveFeed feed = new LiveFeed(client, UiExecutors.inline(), () -> {
                refusals.add("refused");
                refused.countDown();
            })) {
                feed.subscribe(Set.of("ORDER_CREATED"), e -> orders.add(e.type() + " " + e.aggregateId()));
                feed.subscribe(Set.of("FLAG_RAISED"), e -> {
                    flags.add(e.type());
                    throw new IllegalStateException("a broken screen");
                });
                feed.subscribe(Set.of("FLAG_RAISED"), e -> flags.add("second " + e.type()));
                LiveFeed.Subscription gone = feed.subscribe(Set.of("ORDER_CREATED", "PROOF_FORWARD_UPDATED"),
                        e -> closedEarly.add(e.type()));
                gone.close();
                feed.start();

                assertThat(refused.await(10, TimeUnit.SECONDS)).as("the refusal reaches the console").isTrue();
                assertThat(orders).containsExactly("ORDER_CREATED 10", "RESYNC ", "ORDER_CREATED 13");
                assertThat(flags).containsExactly("FLAG_RAISED", "second FLAG_RAISED", "RESYNC", "second RESYNC");
                assertThat(closedEarly).isEmpty();
                assertThat(feed.connectedProperty().get()).isFalse();
            }
            assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeader("Authorization")).isEqualTo("Bearer session-token");
            assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeader("Last-Event-ID")).isEqualTo("5");
            assertThat(refusals).hasSize(1);
        }
    }

    @Test
    void aClosedFeedDeliversNothingAndReportsNoRefusal() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream")
                    .setBody(":connected\n\n").setBodyDelay(300, TimeUnit.MILLISECONDS));
            server.enqueue(new MockResponse().setResponseCode(401));
            server.start();
            TellerClient client = TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(), "t");
            List<EventStream.ServerEvent> seen = new CopyOnWriteArrayList<>();
            List<String> refusals = new CopyOnWriteArrayList<>();
            LiveFeed feed = new LiveFeed(client, UiExecutors.inline(), () -> refusals.add("refused"));
            feed.subscribe(Set.of("ORDER_CREATED"), seen::add);
            feed.start();
            assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
            feed.close();
            Thread.sleep(1_500);
            assertThat(seen).isEmpty();
            assertThat(refusals).as("signed out here: nothing to lock").isEmpty();
            feed.start();
            assertThat(server.takeRequest(1, TimeUnit.SECONDS)).as("a closed feed does not start again").isNull();
        }
    }
}
