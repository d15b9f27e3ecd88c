package teller.ui.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.ui.api.OrderCaseApi;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/** Order lookup's model on the inline executor against a scripted server. */
class OrderLookupViewModelTest {
    private static final String CASE = """
            {"order":{"id":"7","type":"GAME_LOAD","status":"VOIDED","playerId":"p-1","amount":3000,"currency":"USD"},
             "history":[{"at":"2026-12-07T09:00:00Z","fromStatus":null,"toStatus":"PENDING_REVIEW","actorType":"OPERATOR"},
                        {"at":"2026-12-07T09:01:00Z","fromStatus":"PENDING_REVIEW","toStatus":"EXECUTING","actorType":"OPERATOR"}],
             "transactions":[{"id":"5","kind":"GAME_LOAD","status":"POSTED","currency":"USD","entries":[
                 {"id":"9","accountId":"41","accountCode":"player:p-1:wallet","amount":3000},
                 {"id":"10","accountId":"3","accountCode":"house:game:pusoy:USD","amount":-3000}]}],
             "attempts":[{"number":1,"startedAt":"2026-12-07T09:01:00Z","outcome":"APPROVED_EXECUTED","note":null}],
             "audit":[{"id":"3","at":"2026-12-07T09:02:00Z","actorType":"OPERATOR","actorId":"1","action":"ORDER_VOID",
                       "outcome":"SUCCESS"}],
             "auditTruncated":false}""";

    private MockWebServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                paths.add(request.getPath());
                if (request.getPath().startsWith("/api/v1/orders?")) {
                    return json("""
                            {"items":[{"id":"7","type":"GAME_LOAD","status":"VOIDED","playerId":"p-1","amount":3000,
                              "currency":"USD"}],"nextCursor":null}""");
                } else if (request.getPath().equals("/api/v1/orders/7/case")) {
                    return json(CASE);
                }
                return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
                        .setBody("{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"order not found\"}}");
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

    private OrderLookupViewModel model() {
        TellerClient client = TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(), "t");
        return new OrderLookupViewModel(new OrderCaseApi(client), UiExecutors.inline(), ZoneOffset.UTC);
    }

    @Test
    void theHistorySendsEveryFilterWithTheToDayIncluded() {
        OrderLookupViewModel lookup = model();
        lookup.statusProperty().set("VOIDED");
        lookup.typeProperty().set("GAME_LOAD");
        lookup.playerIdProperty().set(" p-1 ");
        lookup.fromProperty().set(LocalDate.of(2026, 12, 1));
        lookup.toProperty().set(LocalDate.of(2026, 12, 7));
        lookup.search();
        assertThat(paths).anyMatch(p -> p.startsWith("/api/v1/orders?") && p.contains("status=VOIDED")
                && p.contains("type=GAME_LOAD") && p.contains("playerId=p-1") && p.contains("from=2026-12-01T00%3A00%3A00Z")
                && p.contains("to=2026-12-08T00%3A00%3A00Z"));
        assertThat(lookup.orders()).extracting(o -> o.id()).containsExactly("7");
    }

    @Test
    void openingACaseShowsHistoryPostingsAttemptsAndAudit() {
        OrderLookupViewModel lookup = model();
        lookup.open("7");
        assertThat(lookup.caseProperty().get().order().id()).isEqualTo("7");
        assertThat(lookup.history()).hasSize(2);
        assertThat(lookup.postings()).extracting(OrderLookupViewModel.Posting::amount).containsExactly(3000L, -3000L);
        assertThat(lookup.attempts()).extracting(OrderCaseApi.Attempt::outcome).containsExactly("APPROVED_EXECUTED");
        assertThat(lookup.audit()).extracting(OrderCaseApi.AuditRow::action).containsExactly("ORDER_VOID");
    }

    @Test
    void anUnknownOrderIsNamedInTheError() {
        OrderLookupViewModel lookup = model();
        lookup.open("99");
        assertThat(lookup.errorProperty().get()).contains("order not found");
        assertThat(lookup.caseProperty().get()).isNull();
    }
}
