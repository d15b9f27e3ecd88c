package teller.ui.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.ui.api.LedgerApi;
import teller.ui.api.OperatorInfo;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/** The ledger browser's model on the inline executor against a scripted server. */
class LedgerViewModelTest {
    private MockWebServer server;
    private volatile boolean balanced = true;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                if (path.startsWith("/api/v1/ledger/accounts?")) {
                    return json("""
                            {"items":[{"id":"41","code":"player:p-1:wallet","type":"LIABILITY","currency":"USD",
                              "balance":7000,"available":7000,"held":0}],"nextCursor":null}""");
                } else if (path.startsWith("/api/v1/ledger/accounts/41/entries")) {
                    return json("""
                            {"items":[{"id":"9","transactionId":"5","accountId":"41","amount":3000,"kind":"GAME_LOAD",
                              "status":"POSTED","orderId":"2","createdAt":"2026-12-07T09:00:00Z","balanceAfter":7000}],
                             "nextCursor":null}""");
                } else if (path.equals("/api/v1/ledger/transactions/5")) {
                    return json("""
                            {"id":"5","kind":"GAME_LOAD","status":"POSTED","currency":"USD","orderId":"2",
                             "entries":[{"id":"9","accountId":"41","accountCode":"player:p-1:wallet","amount":3000},
                                        {"id":"10","accountId":"3","accountCode":"game:pusoy","amount":-3000}]}""");
                } else if (path.equals("/api/v1/ledger/verify")) {
                    return json(balanced ? "{\"balanced\":true,\"transactionsChecked\":12,\"accountsChecked\":5,\"discrepancies\":[]}"
                            : """
                            {"balanced":false,"transactionsChecked":12,"accountsChecked":5,"discrepancies":[
                              {"kind":"BALANCE_MISMATCH","subject":"account player:p-1:wallet bucket 0","expected":"posted=1",
                               "actual":"posted=2","message":"stored balance differs"}]}""");
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

    private LedgerViewModel model(String role) {
        TellerClient client = TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(), "t");
        return new LedgerViewModel(new LedgerApi(client), UiExecutors.inline(), new OperatorInfo("1", "op", List.of(role)));
    }

    @Test
    void anAccountShowsItsEntriesWithTheRunningBalanceAndAnEntryItsLegs() {
        LedgerViewModel ledger = model("AUDITOR");
        ledger.refresh();
        assertThat(ledger.accounts()).extracting(LedgerApi.Account::code).containsExactly("player:p-1:wallet");
        ledger.selectedAccountProperty().set(ledger.accounts().get(0));
        assertThat(ledger.entries()).singleElement().satisfies(e -> assertThat(e.balanceAfter()).isEqualTo(7000));
        ledger.selectedEntryProperty().set(ledger.entries().get(0));
        assertThat(ledger.legs()).extracting(LedgerApi.Leg::amount).containsExactly(3000L, -3000L);
    }

    @Test
    void verifyShowsWhatTheServerFound() {
        LedgerViewModel ledger = model("ADMIN");
        ledger.verify();
        assertThat(ledger.verifyResultProperty().get()).startsWith("Balanced").contains("12 transactions");
        assertThat(ledger.discrepancies()).isEmpty();
        balanced = false;
        ledger.verify();
        assertThat(ledger.verifyResultProperty().get()).startsWith("NOT BALANCED: 1 discrepancies");
        assertThat(ledger.discrepancies()).extracting(LedgerApi.Discrepancy::kind).containsExactly("BALANCE_MISMATCH");
    }

    @Test
    void theScreenIsForAdministratorsAndAuditors() {
        assertThat(LedgerViewModel.availableTo(new OperatorInfo("1", "a", List.of("AUDITOR")))).isTrue();
        assertThat(LedgerViewModel.availableTo(new OperatorInfo("1", "a", List.of("ADMIN")))).isTrue();
        assertThat(LedgerViewModel.availableTo(new OperatorInfo("1", "a", List.of("SUPERVISOR")))).isFalse();
        assertThat(model("VIEWER").canVerifyProperty().get()).isFalse();
    }
}
