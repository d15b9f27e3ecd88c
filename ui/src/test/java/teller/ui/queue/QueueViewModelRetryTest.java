package teller.ui.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/**
 * What the console does when an approval's answer is lost (the connection drops after the request
 * went out): it says the outcome is unknown, and approving again resends the same Idempotency-Key,
 * so the server replays its answer instead of deciding twice. A lost answer cannot be staged with a
 * real server, hence the scripted one here; everything else is tested against server-core in app.
 */
class QueueViewModelRetryTest {
    private static final String ORDER = "{\"id\":\"5\",\"type\":\"DEPOSIT\",\"status\":\"%s\",\"playerId\":\"p-1\","
            + "\"amount\":1000,\"currency\":\"USD\",\"executionAttempts\":%d}";
    private static final String PLAYER = "{\"id\":\"p-1\",\"username\":\"ann\",\"currency\":\"USD\",\"status\":\"ACTIVE\","
            + "\"kycStatus\":\"NONE\",\"balance\":%d,\"available\":%d,\"held\":0}";

    private final MockWebServer server = new MockWebServer();
    private final List<String> approvalKeys = new CopyOnWriteArrayList<>();
    private volatile boolean dropApprovalAnswers = true;
    private volatile boolean approved;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                if (path.startsWith("/api/v1/orders?")) {
                    return json("{\"items\":[" + order() + "],\"nextCursor\":null}");
                }
                if (path.equals("/api/v1/orders/5")) {
                    return json(order());
                }
                if (path.equals("/api/v1/players/p-1")) {
                    long balance = approved ? 1000 : 0;
                    return json(String.format(PLAYER, balance, balance));
                }
                if (path.equals("/api/v1/orders/5/approve")) {
                    approvalKeys.add(request.getHeader(TellerClient.IDEMPOTENCY_HEADER));
                    if (dropApprovalAnswers) {
                        return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
                    }
                    approved = true;
                    return json(order());
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        server.start();
    }

    private String order() {
        return approved ? String.format(ORDER, "APPROVED_EXECUTED", 1) : String.format(ORDER, "PENDING_REVIEW", 0);
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void approvingAgainAfterALostAnswerResendsTheSameIdempotencyKey() {
        TellerClient client = TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(), "t");
        QueueViewModel queue = new QueueViewModel(client, UiExecutors.inline(), summary -> Optional.empty());
        queue.refresh();
        queue.selectedProperty().set(queue.orders().get(0));

        queue.card().approve();

        assertThat(queue.card().outcomeProperty().get().kind()).isEqualTo(Outcome.Kind.ERROR);
        assertThat(queue.card().outcomeProperty().get().message()).contains("outcome is unknown");
        assertThat(queue.card().canDecideProperty().get()).as("the operator can try again").isTrue();
        assertThat(approvalKeys).isNotEmpty();

        dropApprovalAnswers = false;
        queue.card().approve();

        assertThat(queue.card().outcomeProperty().get().code()).isEqualTo("APPROVED_EXECUTED");
        assertThat(queue.card().detailPlayerProperty().get().balance()).isEqualTo(1000);
        assertThat(approvalKeys).as("every attempt of this one approval carried one key").hasSizeGreaterThan(1)
                .containsOnly(approvalKeys.get(0));
    }

    @Test
    void theUnknownOutcomeBannerClearsOnceTheOrderIsLoadedAgain() {
        TellerClient client = TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(), "t");
        QueueViewModel queue = new QueueViewModel(client, UiExecutors.inline(), summary -> Optional.empty());
        queue.refresh();
        queue.selectedProperty().set(queue.orders().get(0));

        queue.card().approve();
        assertThat(queue.card().outcomeProperty().get().code()).isEqualTo("NOT_DECIDED");
        assertThat(queue.card().outcomeProperty().get().title()).isEqualTo("Not decided: no answer from the server");

        approved = true; // the server had decided it after all
        queue.openSelected();

        assertThat(queue.card().outcomeProperty().get()).as("the question is answered: the banner goes").isNull();
        assertThat(queue.card().detailProperty().get().status()).isEqualTo(teller.ui.api.OrderStatus.APPROVED_EXECUTED);
    }
}
