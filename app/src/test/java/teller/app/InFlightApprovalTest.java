package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderSettings;
import teller.server.support.TestServer;
import teller.ui.api.OrderStatus;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;
import teller.ui.queue.Outcome;
import teller.ui.queue.QueueViewModel;

/**
 * A provider slower than the server's approve wait: the server answers 202 with the order
 * EXECUTING, the console says so, and a refresh later shows how it ended.
 */
class InFlightApprovalTest {
    private static final long PROVIDER_DELAY_MILLIS = 1_500;
    private static final Duration APPROVE_WAIT = Duration.ofMillis(200);
    static HttpServer provider;
    static ServerCore server;
    static Seed seed;

    @BeforeAll
    static void start() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/game-loads", exchange -> {
            byte[] body;
            int status;
            if ("POST".equals(exchange.getRequestMethod())) {
                try {
                    Thread.sleep(PROVIDER_DELAY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
                body = "{\"success\":true,\"transactionId\":\"gl-77\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = "{}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        provider.start();
        String providerUrl = "http://127.0.0.1:" + provider.getAddress().getPort();
        server = TestServer.start(config -> config
                .providers(ProviderSettings.defaults(ProviderKind.GAME_LOAD, providerUrl, "test-token"),
                        ProviderSettings.defaults(ProviderKind.PAYOUT, null, null))
                .execution(Duration.ofSeconds(120), APPROVE_WAIT, Duration.ofSeconds(5)));
        seed = new Seed(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        provider.stop(0);
    }

    @Test
    void slowProviderShowsTheOrderInFlightAndARefreshShowsItExecuted() throws InterruptedException {
        seed.player("f-1", "slow.player", 90_00);
        String order = seed.order("GAME_LOAD", "f-1", 40_00, "Pusoy");
        TellerClient client = TellerClient.login(TellerClient.defaultHttpClient(), server.baseUrl(), "admin",
                TestServer.ADMIN_PASSWORD).client();
        QueueViewModel queue = new QueueViewModel(client, UiExecutors.inline(), summary -> Optional.empty());
        queue.refresh();
        queue.selectedProperty().set(queue.orders().stream().filter(o -> o.id().equals(order)).findFirst().orElseThrow());

        queue.card().approve();

        assertThat(queue.card().outcomeProperty().get().kind()).isEqualTo(Outcome.Kind.IN_FLIGHT);
        assertThat(queue.card().outcomeProperty().get().code()).isEqualTo("EXECUTING");
        assertThat(queue.card().outcomeProperty().get().title()).isEqualTo("Executing");
        assertThat(queue.card().detailPlayerProperty().get().available()).as("held while executing").isEqualTo(50_00);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"APPROVED_EXECUTED".equals(seed.status(order)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        queue.refresh();

        assertThat(queue.card().detailProperty().get().status()).isEqualTo(OrderStatus.APPROVED_EXECUTED);
        assertThat(queue.card().detailProperty().get().providerReference()).isEqualTo("gl-77");
        assertThat(queue.card().detailPlayerProperty().get().balance()).isEqualTo(50_00);
    }
}
