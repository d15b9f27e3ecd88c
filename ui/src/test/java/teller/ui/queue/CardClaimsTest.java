package teller.ui.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.ui.api.OrderView;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/**
 * The card's claims on their own, against a scripted server: this console's claim is taken, released on
 * moving on and ended by a decision; another operator's is shown as "being reviewed by juan (N min)",
 * counted down from the clock, and once it ran out the order is claimed for this console.
 * (The whole flow against server-core: ClaimNoticeViewModelTest and DecisionCardScreenTest in app.)
 */
class CardClaimsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final String ORDER = "{\"id\":\"%s\",\"type\":\"DEPOSIT\",\"status\":\"PENDING_REVIEW\",\"playerId\":\"p-1\","
            + "\"amount\":1000,\"currency\":\"USD\",\"executionAttempts\":0%s}";
    private static final String JUANS = ",\"claimedBy\":{\"id\":\"7\",\"username\":\"juan\"},\"claimExpiresAt\":\"2026-12-07T10:05:00Z\"";

    private final MockWebServer server = new MockWebServer();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean juanHolds;
    private volatile boolean juanOnRows;
    private TellerClient client;
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final AtomicReference<OrderView> shown = new AtomicReference<>();
    private CardClaims claims;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                if (request.getMethod().equals("GET") && path.startsWith("/api/v1/orders/")) {
                    String id = path.substring("/api/v1/orders/".length());
                    return json(200, String.format(ORDER, id, juanOnRows ? JUANS : ""));
                }
                requests.add(request.getMethod() + " " + path);
                if (request.getPath().endsWith("/claim") && request.getMethod().equals("POST")) {
                    if (juanHolds) {
                        return json(409, "{\"error\":{\"code\":\"ORDER_CLAIMED\",\"message\":\"order 5 is being worked on by juan"
                                + " until 2026-12-07T10:05:00Z\",\"details\":{\"claimedBy\":{\"id\":\"7\",\"username\":\"juan\"},"
                                + "\"expiresAt\":\"2026-12-07T10:05:00Z\"}}}");
                    }
                    return json(200, "{\"claimedBy\":{\"id\":\"1\",\"username\":\"maria\"},\"expiresAt\":\"2026-12-07T10:05:00Z\"}");
                }
                return json(204, "");
            }
        });
        server.start();
        client = TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(), "t");
        claims = new CardClaims(client, UiExecutors.inline(), shown::get, now::get, () -> "1");
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    private OrderView order(String id, boolean byJuan) {
        juanOnRows = byJuan;
        return client.order(id);
    }

    @Test
    void aFreeOrderIsClaimedReleasedOnMovingOnAndNoLongerHeldOnceDecided() {
        OrderView five = order("5", false);
        shown.set(five);
        claims.showOf(five);
        claims.claim(five);
        assertThat(claims.holds("5")).isTrue();
        assertThat(claims.othersHold()).isFalse();

        claims.moveTo("6");
        assertThat(claims.holds("5")).isFalse();
        assertThat(requests).containsExactly("POST /api/v1/orders/5/claim", "DELETE /api/v1/orders/5/claim");

        OrderView six = order("6", false);
        shown.set(six);
        claims.claim(six);
        claims.decided("6");
        claims.release();
        assertThat(requests).as("a decided order's claim ended with the decision; nothing to release")
                .doesNotContain("DELETE /api/v1/orders/6/claim");
    }

    @Test
    void anotherOperatorsClaimCountsDownAndOnceItRanOutTheOrderIsClaimedHere() {
        OrderView five = order("5", true);
        shown.set(five);
        claims.showOf(five);
        claims.claim(five);
        assertThat(claims.noticeProperty().get()).isEqualTo("being reviewed by juan (5 min)");
        assertThat(requests).as("no claim is tried while juan's is live").isEmpty();

        now.set(T0.plus(Duration.ofSeconds(150)));
        claims.tick(true);
        assertThat(claims.noticeProperty().get()).isEqualTo("being reviewed by juan (3 min)");

        now.set(T0.plus(Duration.ofMinutes(5)));
        claims.tick(true);
        assertThat(claims.noticeProperty().get()).isEmpty();
        assertThat(claims.holds("5")).isTrue();
        assertThat(requests).containsExactly("POST /api/v1/orders/5/claim");
    }

    @Test
    void aRefusedClaimSaysWhoHoldsTheOrderInMinutesNotAsAnInstant() {
        juanHolds = true;
        OrderView five = order("5", false);
        shown.set(five);
        claims.claim(five);
        assertThat(claims.holds("5")).isFalse();
        assertThat(claims.noticeProperty().get()).isEqualTo("being reviewed by juan (5 min)");
    }
}
