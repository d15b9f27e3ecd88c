package teller.ui.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.ui.api.OperatorInfo;
import teller.ui.api.ProvidersApi;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/**
 * The Failed & in flight view model without an FX thread: Retry is disabled with the reason while
 * the order's provider is OPEN and enables itself when the providers reload with it CLOSED; an
 * auditor reads the list with the commands disabled; several selected orders go in one bulk request.
 * (The whole path against a real server is app's FailedExecutionsScreenTest.)
 */
class FailedExecutionsViewModelTest {
    private static final String FAILED = "{\"id\":\"%s\",\"type\":\"GAME_LOAD\",\"status\":\"APPROVED_FAILED\","
            + "\"playerId\":\"p-1\",\"amount\":1000,\"currency\":\"USD\",\"executionAttempts\":1,"
            + "\"executionError\":\"down\",\"executionResult\":{\"errorCode\":\"GAME_LOAD_API_ERROR\",\"error\":\"503\"}}";
    private static final String PLAYER = "{\"id\":\"p-1\",\"username\":\"ann\",\"currency\":\"USD\",\"status\":\"ACTIVE\","
            + "\"kycStatus\":\"NONE\",\"balance\":0,\"available\":0,\"held\":0}";

    private final MockWebServer server = new MockWebServer();
    private final List<String> posts = new CopyOnWriteArrayList<>();
    private volatile String breaker = "OPEN";

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                if ("POST".equals(request.getMethod())) {
                    posts.add(path + " " + request.getBody().readUtf8());
                    if (path.equals("/api/v1/orders/retry")) {
                        return json("{\"results\":{\"7\":{\"status\":200},\"8\":{\"status\":503,\"error\":{\"code\":"
                                + "\"PROVIDER_UNAVAILABLE\"}}},\"retried\":1,\"refused\":1}");
                    }
                    return json(String.format(FAILED, "7"));
                }
                if (path.startsWith("/api/v1/orders?") && path.contains("status=APPROVED_FAILED")) {
                    return json("{\"items\":[" + String.format(FAILED, "7") + "," + String.format(FAILED, "8")
                            + "],\"nextCursor\":null}");
                }
                if (path.startsWith("/api/v1/orders?") && path.contains("status=APPROVED_EXECUTED")) {
                    return json("{\"items\":[" + String.format(FAILED, "9").replace("APPROVED_FAILED", "APPROVED_EXECUTED")
                            + "],\"nextCursor\":null}");
                }
                if (path.startsWith("/api/v1/orders?")) {
                    return json("{\"items\":[],\"nextCursor\":null}");
                }
                if (path.equals("/api/v1/players/p-1")) {
                    return json(PLAYER);
                }
                if (path.equals("/api/v1/providers")) {
                    return json("{\"items\":[{\"id\":\"GAME_LOAD\",\"kind\":\"GAME_LOAD\",\"label\":\"Game-load provider\","
                            + "\"configured\":true,\"sandbox\":false,\"breaker\":{\"state\":\"" + breaker + "\","
                            + "\"since\":\"2026-01-01T00:00:00Z\"}}]}");
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    private FailedExecutionsViewModel viewModel(String role) {
        ProvidersApi api = new ProvidersApi(TellerClient.withToken(TellerClient.defaultHttpClient(),
                server.url("/").toString(), "t"));
        var vm = new FailedExecutionsViewModel(api, UiExecutors.inline(), new ProviderStates(api, UiExecutors.inline()),
                summary -> Optional.of("duplicate payout"), new OperatorInfo("1", "op", List.of(role)));
        vm.activate();
        return vm;
    }

    @Test
    void retryIsDisabledWhileTheProviderIsOpenAndEnablesItselfWhenItCloses() {
        var vm = viewModel("SUPERVISOR");
        assertThat(vm.rows()).extracting(FailedExecutionsViewModel.Row::playerName).containsOnly("ann");
        assertThat(vm.rows().get(0).errorCode()).isEqualTo("GAME_LOAD_API_ERROR");
        vm.selection().setAll(vm.rows().get(0));

        assertThat(vm.retryableProperty().get()).isFalse();
        assertThat(vm.retryReasonProperty().get()).contains("Game-load provider").contains("OPEN");
        vm.retrySelected();
        assertThat(posts).as("a disabled Retry sends nothing").isEmpty();

        breaker = "CLOSED";
        vm.providers().serverChanged();
        assertThat(vm.rows().get(0).providerText()).contains("CLOSED");
        assertThat(vm.retryableProperty().get()).as(vm.retryReasonProperty().get()).isTrue();
        vm.retrySelected();
        assertThat(posts).containsExactly("/api/v1/orders/7/retry {}");
        assertThat(vm.messageProperty().get()).contains("Order 7 retried");
    }

    @Test
    void severalSelectedOrdersGoInOneBulkRetry() {
        breaker = "HALF_OPEN";
        var vm = viewModel("ADMIN");
        vm.selection().setAll(vm.rows());
        assertThat(vm.retryableProperty().get()).isTrue();
        vm.retrySelected();
        assertThat(posts).singleElement().asString().startsWith("/api/v1/orders/retry").contains("\"7\"").contains("\"8\"");
        assertThat(vm.messageProperty().get()).contains("1 of 2 orders retried").contains("8: PROVIDER_UNAVAILABLE");
    }

    @Test
    void anExecutedOrderIsVoidedWithTheReasonAsked() {
        breaker = "CLOSED";
        var vm = viewModel("SUPERVISOR");
        vm.selection().setAll(vm.rows().get(0));
        assertThat(vm.voidableProperty().get()).as("a failed order is not voidable").isFalse();
        vm.showProperty().set(FailedExecutionsViewModel.Show.EXECUTED);
        assertThat(vm.rows()).extracting(FailedExecutionsViewModel.Row::id).containsExactly("9");
        vm.selection().setAll(vm.rows().get(0));
        assertThat(vm.voidableProperty().get()).as(vm.voidReasonProperty().get()).isTrue();
        assertThat(vm.retryableProperty().get()).isFalse();
        vm.voidSelected();
        assertThat(posts).containsExactly("/api/v1/orders/9/void {\"reason\":\"duplicate payout\"}");
    }

    @Test
    void anAuditorReadsTheListWithTheCommandsDisabledAndTheReasonShown() {
        breaker = "CLOSED";
        var vm = viewModel("AUDITOR");
        assertThat(vm.rows()).hasSize(2);
        vm.selection().setAll(vm.rows().get(0));
        assertThat(vm.retryableProperty().get()).isFalse();
        assertThat(vm.retryReasonProperty().get()).contains("Only a supervisor or an admin");
        assertThat(vm.voidableProperty().get()).isFalse();
        vm.retrySelected();
        assertThat(posts).isEmpty();
    }
}
