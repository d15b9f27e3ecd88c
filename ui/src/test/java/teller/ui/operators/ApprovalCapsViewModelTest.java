package teller.ui.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.ui.api.ApprovalPolicyApi;
import teller.ui.api.ApprovalPolicyApi.Cap;
import teller.ui.api.OperatorsApi.Operator;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/**
 * The approval caps of the Operators screen on the inline executor, against a scripted HTTP server:
 * each field's problems named before any call, the cap sent in minor units, the table reloaded from
 * the server's answer, the server's refusal kept in the open dialog, and no commands without ADMIN.
 */
class ApprovalCapsViewModelTest {
    private static final Operator MARIA = new Operator("7", "maria.santos", List.of("APPROVER"), true,
            Instant.parse("2026-11-01T09:00:00Z"), null);
    private static final Operator JOSE = new Operator("8", "jose.reyes", List.of("SUPERVISOR"), true,
            Instant.parse("2026-11-01T09:00:00Z"), null);
    private static final String POLICY = """
            {"dualApproval":[{"currency":"USD","amountMin":100000}],
             "caps":[{"operatorId":"7","currency":"USD","amountMax":5000},
                     {"operatorId":"8","currency":"USD","amountMax":90000},
                     {"operatorId":"7","currency":"JPY","amountMax":20000}]}
            """;

    private MockWebServer server;
    private final List<ApprovalCapEditor> dialogs = new ArrayList<>();
    private final List<String> confirmations = new ArrayList<>();
    private Consumer<ApprovalCapEditor> administrator = editor -> { };
    private boolean confirmAnswer = true;
    private final OperatorPrompts prompts = new OperatorPrompts() {
        @Override
        public boolean confirm(String title, String message) {
            confirmations.add(title);
            return confirmAnswer;
        }

        @Override
        public void showTokenOnce(String tokenName, String secret) {
            throw new AssertionError("no token here");
        }

        @Override
        public void editCap(ApprovalCapEditor editor) {
            dialogs.add(editor);
            administrator.accept(editor);
        }
    };

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private ApprovalCapsViewModel caps(List<String> roles) {
        TellerClient client = TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(), "t-1");
        return new ApprovalCapsViewModel(new ApprovalPolicyApi(client), UiExecutors.inline(), prompts, roles);
    }

    /** An administrator's caps view with the policy loaded and maria.santos selected. */
    private ApprovalCapsViewModel loadedForMaria() throws InterruptedException {
        server.enqueue(json(200, POLICY));
        ApprovalCapsViewModel caps = caps(List.of("ADMIN"));
        caps.refresh();
        caps.select(MARIA);
        server.takeRequest(5, TimeUnit.SECONDS);
        return caps;
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** Types into the dialog's fields and presses Save, as the administrator would. */
    private static Consumer<ApprovalCapEditor> types(String currency, String amount) {
        return editor -> {
            if (editor.adding()) {
                editor.currencyProperty().set(currency);
            }
            editor.amountProperty().set(amount);
            editor.save();
        };
    }

    @Test
    void theSelectedOperatorsCapsAreListedByCurrencyAndShownAsMoney() throws InterruptedException {
        ApprovalCapsViewModel caps = loadedForMaria();

        assertThat(caps.caps()).extracting(Cap::currency).containsExactly("JPY", "USD");
        assertThat(caps.caps()).extracting(ApprovalCapsViewModel::amountOf).containsExactly("¥20,000", "$50.00");
        assertThat(caps.headingProperty().get()).isEqualTo("Approval caps of maria.santos");
        caps.select(JOSE);
        assertThat(caps.caps()).extracting(ApprovalCapsViewModel::amountOf).containsExactly("$900.00");
        caps.select(null);
        assertThat(caps.caps()).isEmpty();
        assertThat(caps.headingProperty().get()).isEqualTo("Approval caps");
        assertThat(server.getRequestCount()).as("selecting reads no more").isEqualTo(1);
    }

    @Test
    void eachFieldsProblemIsNamedUnderItAndNothingIsSent() throws InterruptedException {
        ApprovalCapsViewModel caps = loadedForMaria();
        administrator = types("", "50");
        caps.add();
        ApprovalCapEditor dialog = dialogs.get(0);
        assertThat(dialog.currencyErrorProperty().get()).startsWith("Currency: enter an ISO 4217 code");
        assertThat(dialog.title()).isEqualTo("New approval cap for maria.santos");
        dialog.currencyProperty().set("kwd");
        assertThat(dialog.amountHint()).isEqualTo("Up to 3 decimals, e.g. 500.000 KWD. 0: may approve nothing in KWD.");
        dialog.currencyProperty().set("JPY");
        assertThat(dialog.amountHint()).isEqualTo("Whole JPY, e.g. 50000. 0: may approve nothing in JPY.");

        assertThat(problems(dialog, "DOLLARS", "50")).startsWith("Currency: DOLLARS is not an ISO 4217 code");
        assertThat(problems(dialog, "QQQ", "50")).startsWith("Currency: QQQ is not a known ISO 4217 currency");
        assertThat(problems(dialog, "XAU", "50")).startsWith("Currency: XAU has no minor unit");
        assertThat(problems(dialog, "usd", "50")).as("USD has a cap already: it is changed from the table")
                .isEqualTo("Currency: maria.santos already has a USD cap: change that one in the table.");
        assertThat(problems(dialog, "EUR", "")).startsWith("Maximum amount: enter the most one approval may be, in EUR");
        assertThat(problems(dialog, "EUR", "12.345")).isEqualTo("Maximum amount: EUR has 2 decimals; 12.345 has more.");
        assertThat(problems(dialog, "KWD", "1.2345")).isEqualTo("Maximum amount: KWD has 3 decimals; 1.2345 has more.");
        assertThat(problems(dialog, "KRW", "100.5")).isEqualTo("Maximum amount: KRW has no decimals.");
        assertThat(problems(dialog, "EUR", "-5")).startsWith("Maximum amount: use digits and at most one decimal point");
        assertThat(problems(dialog, "EUR", "1,000.00")).contains("no signs, spaces or separators");
        assertThat(problems(dialog, "EUR", "1e3")).startsWith("Maximum amount: use digits");
        assertThat(problems(dialog, "EUR", "1234567890123456")).contains("at most 15 digits before the decimal point");

        assertThat(dialog.savedProperty().get()).isFalse();
        assertThat(server.getRequestCount()).as("only the first load").isEqualTo(1);
    }

    /** Types into the open dialog, presses Save, and answers the problems shown under both fields. */
    private static String problems(ApprovalCapEditor dialog, String currency, String amount) {
        dialog.currencyProperty().set(currency);
        dialog.amountProperty().set(amount);
        assertThat(dialog.save()).isFalse();
        return dialog.currencyErrorProperty().get() + dialog.amountErrorProperty().get();
    }

    @Test
    void aNewCapIsSentInMinorUnitsAndTheTableShowsTheServersAnswer() throws InterruptedException {
        ApprovalCapsViewModel caps = loadedForMaria();
        server.enqueue(json(200, """
                {"dualApproval":[],
                 "caps":[{"operatorId":"7","currency":"USD","amountMax":5000},
                         {"operatorId":"7","currency":"EUR","amountMax":125050},
                         {"operatorId":"7","currency":"GBP","amountMax":700}]}
                """));
        administrator = types(" eur ", "1250.5");
        caps.add();

        RecordedRequest put = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(put.getMethod()).isEqualTo("PUT");
        assertThat(put.getPath()).isEqualTo("/api/v1/operators/7/approval-caps/EUR");
        assertThat(put.getBody().readUtf8()).isEqualTo("{\"amountMax\":125050}");
        assertThat(dialogs.get(0).savedProperty().get()).as("the dialog closes").isTrue();
        assertThat(dialogs.get(0).busyProperty().get()).isFalse();
        assertThat(caps.caps()).as("the server's list, with a cap set elsewhere meanwhile")
                .extracting(ApprovalCapsViewModel::amountOf).containsExactly("€1,250.50", "£7.00", "$50.00");
        assertThat(caps.noticeProperty().get()).isEqualTo("maria.santos may approve up to €1,250.50 per order.");
        assertThat(caps.errorProperty().get()).isEmpty();
    }

    @Test
    void aZeroCapIsAllowedAsTheServerAllowsItAndReadsMayApproveNothing() throws InterruptedException {
        ApprovalCapsViewModel caps = loadedForMaria();
        server.enqueue(json(200, """
                {"dualApproval":[],
                 "caps":[{"operatorId":"7","currency":"USD","amountMax":5000},
                         {"operatorId":"7","currency":"EUR","amountMax":0}]}
                """));
        administrator = types("EUR", "0.00");
        caps.add();

        RecordedRequest put = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(put.getPath()).isEqualTo("/api/v1/operators/7/approval-caps/EUR");
        assertThat(put.getBody().readUtf8()).isEqualTo("{\"amountMax\":0}");
        assertThat(dialogs.get(0).amountHint()).endsWith("0: may approve nothing in EUR.");
        assertThat(caps.caps()).extracting(ApprovalCapsViewModel::amountOf)
                .containsExactly("may approve nothing in EUR", "$50.00");
        assertThat(caps.noticeProperty().get()).isEqualTo("maria.santos may approve nothing in EUR.");
    }

    @Test
    void changingACapKeepsItsCurrencyAndStartsFromTheCurrentAmount() throws InterruptedException {
        ApprovalCapsViewModel caps = loadedForMaria();
        Cap yen = caps.caps().get(0);
        server.enqueue(json(200, """
                {"caps":[{"operatorId":"7","currency":"JPY","amountMax":35000}]}
                """));
        administrator = editor -> {
            assertThat(editor.adding()).isFalse();
            assertThat(editor.title()).isEqualTo("Change the JPY cap of maria.santos");
            assertThat(editor.amountProperty().get()).isEqualTo("20000");
            editor.amountProperty().set("35000");
            editor.save();
        };
        caps.edit(yen);

        RecordedRequest put = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(put.getPath()).isEqualTo("/api/v1/operators/7/approval-caps/JPY");
        assertThat(put.getBody().readUtf8()).isEqualTo("{\"amountMax\":35000}");
        assertThat(caps.caps()).extracting(ApprovalCapsViewModel::amountOf).containsExactly("¥35,000");
    }

    @Test
    void theServersRefusalStaysInTheOpenDialogUnderTheFieldItNames() throws InterruptedException {
        ApprovalCapsViewModel caps = loadedForMaria();
        server.enqueue(json(422, """
                {"error":{"code":"INVALID_INPUT","message":"amountMax must be zero or more minor units, or null",
                          "details":{"field":"amountMax"}}}
                """));
        server.enqueue(json(403, """
                {"error":{"code":"FORBIDDEN","message":"this needs the ADMIN role","details":{}}}
                """));
        administrator = types("EUR", "10");
        caps.add();
        ApprovalCapEditor dialog = dialogs.get(0);

        assertThat(dialog.amountErrorProperty().get())
                .isEqualTo("INVALID_INPUT: amountMax must be zero or more minor units, or null");
        assertThat(dialog.savedProperty().get()).as("the dialog stays open").isFalse();
        assertThat(dialog.busyProperty().get()).isFalse();
        assertThat(dialog.save()).as("sent again").isTrue();
        assertThat(dialog.errorProperty().get()).isEqualTo("FORBIDDEN: this needs the ADMIN role");
        assertThat(dialog.amountErrorProperty().get()).isEmpty();
        assertThat(caps.caps()).as("unchanged").extracting(Cap::currency).containsExactly("JPY", "USD");
        assertThat(caps.noticeProperty().get()).isEmpty();
    }

    @Test
    void removingAsksFirstThenSendsNullAndReloads() throws InterruptedException {
        ApprovalCapsViewModel caps = loadedForMaria();
        Cap dollars = caps.caps().get(1);
        confirmAnswer = false;
        caps.remove(dollars);
        assertThat(confirmations).containsExactly("Remove the USD cap of maria.santos?");
        assertThat(server.getRequestCount()).as("cancelled: nothing sent").isEqualTo(1);

        confirmAnswer = true;
        server.enqueue(json(200, """
                {"caps":[{"operatorId":"7","currency":"JPY","amountMax":20000}]}
                """));
        caps.remove(dollars);
        RecordedRequest put = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(put.getPath()).isEqualTo("/api/v1/operators/7/approval-caps/USD");
        assertThat(put.getBody().readUtf8()).isEqualTo("{\"amountMax\":null}");
        assertThat(caps.caps()).extracting(Cap::currency).containsExactly("JPY");
        assertThat(caps.noticeProperty().get()).isEqualTo("maria.santos has no USD cap any more.");
    }

    @Test
    void withoutAdminTheCapsAreShownButNoCommandOpensADialogOrSendsAnything() throws InterruptedException {
        server.enqueue(json(200, POLICY));
        ApprovalCapsViewModel caps = caps(List.of("AUDITOR"));
        caps.refresh();
        caps.select(MARIA);

        assertThat(caps.canEdit()).isFalse();
        assertThat(caps.caps()).hasSize(2);
        caps.add();
        caps.edit(caps.caps().get(0));
        caps.remove(caps.caps().get(0));
        assertThat(dialogs).isEmpty();
        assertThat(confirmations).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aFailedLoadSaysSoAndKeepsNoStaleCaps() {
        server.enqueue(json(500, """
                {"error":{"code":"INTERNAL","message":"Something went wrong (correlation id c-1)","details":{}}}
                """));
        ApprovalCapsViewModel caps = caps(List.of("ADMIN"));
        caps.select(MARIA);
        caps.refresh();

        assertThat(caps.errorProperty().get()).startsWith("Approval caps: INTERNAL: Something went wrong");
        assertThat(caps.caps()).isEmpty();
        assertThat(caps.busyProperty().get()).isFalse();
    }
}
