package teller.ui.players;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.ui.api.OperatorInfo;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/**
 * The player desk's model on the inline executor against a scripted HTTP server: typing searches,
 * choosing a player loads the card with its statement and recent orders, KYC is sent only by
 * supervisors and the card reloads with the server's answer, and a refusal is shown as it came.
 */
class PlayersViewModelTest {
    private static final String PAGE = """
            {"items":[{"id":"p-1","username":"maria","currency":"USD","status":"ACTIVE","kycStatus":"NONE",
                       "balance":12500,"available":12500,"walletAccountId":"41"}],"nextCursor":null}""";
    private static final String CARD = """
            {"id":"p-1","username":"maria","currency":"USD","status":"ACTIVE","kycStatus":"%s","exclusion":null,
             "balance":12500,"available":12000,"held":500,"walletAccountId":"41","fraudScore":3,"fraudLevel":"LOW",
             "limits":[{"rule":"DAILY_DEPOSIT_LIMIT","defaultValue":100000,"override":null,"effective":100000}]}""";
    private static final String STATEMENT = """
            {"items":[{"id":"9","transactionId":"5","accountId":"41","amount":-2500,"kind":"DEPOSIT","status":"POSTED",
                       "orderId":"3","createdAt":"2026-12-07T09:00:00Z","balanceAfter":12500},
                      {"id":"7","transactionId":"4","accountId":"41","amount":-10000,"kind":"DEPOSIT","status":"POSTED",
                       "orderId":"2","createdAt":"2026-12-07T08:00:00Z","balanceAfter":10000}],"nextCursor":null}""";
    private static final String ORDERS = """
            {"items":[{"id":"3","type":"DEPOSIT","status":"APPROVED_EXECUTED","playerId":"p-1","amount":2500,
                       "currency":"USD"}],"nextCursor":null}""";
    private static final String REFERRALS = """
            {"playerId":"p-1","referrerId":null,"referredPlayers":2,"level":1,"percent":5,"items":[],"nextCursor":null}""";

    private MockWebServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String kyc = "NONE";
    private volatile boolean refuseKyc;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                requests.add(request.getMethod() + " " + path + ("POST".equals(request.getMethod())
                        ? " " + request.getBody().readUtf8() : ""));
                if (path.startsWith("/api/v1/players?")) {
                    return json(200, PAGE);
                } else if (path.equals("/api/v1/players/p-1/kyc")) {
                    if (refuseKyc) {
                        return json(403, "{\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"needs SUPERVISOR\"}}");
                    }
                    kyc = "VERIFIED";
                    return json(200, CARD.formatted(kyc));
                } else if (path.equals("/api/v1/players/p-1")) {
                    return json(200, CARD.formatted(kyc));
                } else if (path.startsWith("/api/v1/ledger/accounts/41/entries")) {
                    return json(200, STATEMENT);
                } else if (path.startsWith("/api/v1/orders?")) {
                    return json(200, ORDERS);
                } else if (path.equals("/api/v1/players/p-1/referrals")) {
                    return json(200, REFERRALS);
                }
                return json(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"" + path + "\"}}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    private PlayersViewModel model(String... roles) {
        TellerClient client = TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(), "t");
        return new PlayersViewModel(client, UiExecutors.inline(), new OperatorInfo("1", "op", List.of(roles)));
    }

    @Test
    void typingSearchesAndChoosingAPlayerLoadsTheCardWithStatementAndOrders() {
        PlayersViewModel players = model("SUPERVISOR");
        players.searchTextProperty().set("mar");
        assertThat(requests).anyMatch(r -> r.startsWith("GET /api/v1/players?search=mar"));
        assertThat(players.results()).extracting(r -> r.username()).containsExactly("maria");

        players.selectedProperty().set(players.results().get(0));

        assertThat(players.cardProperty().get().available()).isEqualTo(12_000);
        assertThat(players.statement()).extracting(l -> l.balanceAfter()).containsExactly(12_500L, 10_000L);
        assertThat(players.orders()).extracting(o -> o.id()).containsExactly("3");
        assertThat(players.limits()).extracting(l -> l.rule()).containsExactly("DAILY_DEPOSIT_LIMIT");
        assertThat(players.referralsProperty().get()).contains("level 1", "2 referred");
        assertThat(players.kycChoiceProperty().get()).isEqualTo("NONE");
        assertThat(players.canSetKycProperty().get()).as("the status chosen is the current one").isFalse();
    }

    @Test
    void aSupervisorSetsKycAndTheCardShowsTheServersAnswer() {
        PlayersViewModel players = model("SUPERVISOR");
        players.open("p-1");
        players.kycChoiceProperty().set("VERIFIED");
        assertThat(players.canSetKycProperty().get()).isTrue();

        players.setKyc();

        assertThat(requests).anyMatch(r -> r.equals("POST /api/v1/players/p-1/kyc {\"status\":\"VERIFIED\"}"));
        assertThat(players.cardProperty().get().kycStatus()).isEqualTo("VERIFIED");
        assertThat(players.messageProperty().get()).isEqualTo("KYC of maria is verified");
    }

    @Test
    void anApproverCannotSetKycButMayRecordAnExclusion() {
        PlayersViewModel players = model("APPROVER");
        players.open("p-1");
        players.kycChoiceProperty().set("VERIFIED");
        assertThat(players.mayKyc()).isFalse();
        assertThat(players.canSetKycProperty().get()).isFalse();
        players.setKyc();
        assertThat(requests).noneMatch(r -> r.startsWith("POST /api/v1/players/p-1/kyc"));

        assertThat(players.mayExclude()).isTrue();
        players.exclusionTypeProperty().set("PERMANENT");
        assertThat(players.canSetExclusionProperty().get()).isTrue();
        assertThat(model("VIEWER").mayExclude()).isFalse();
    }

    @Test
    void theServersRefusalIsShown() {
        refuseKyc = true;
        PlayersViewModel players = model("ADMIN");
        players.open("p-1");
        players.kycChoiceProperty().set("REJECTED");
        players.setKyc();
        assertThat(players.errorProperty().get()).contains("needs SUPERVISOR");
        assertThat(players.cardProperty().get().kycStatus()).isEqualTo("NONE");
    }
}
