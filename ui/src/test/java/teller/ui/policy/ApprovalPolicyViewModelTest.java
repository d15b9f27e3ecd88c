package teller.ui.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import teller.ui.api.ApprovalPolicyApi.Threshold;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/**
 * The Approval policy screen's dual-approval thresholds on the inline executor, against a scripted
 * HTTP server: loaded by currency and shown as money, each field's problem named before any call,
 * the threshold sent in exact minor units of its currency, the table replaced by the server's answer,
 * the server's refusal kept in the open dialog, and removal only after confirmation.
 */
class ApprovalPolicyViewModelTest {
    private static final String POLICY = """
            {"dualApproval":[{"currency":"USD","amountMin":100000},{"currency":"JPY","amountMin":500000}],
             "caps":[{"operatorId":"7","currency":"USD","amountMax":5000}]}
            """;

    private MockWebServer server;
    private ApprovalPolicyViewModel policy;
    private final List<DualApprovalEditor> dialogs = new ArrayList<>();
    private final List<String> confirmations = new ArrayList<>();
    private Consumer<DualApprovalEditor> administrator = editor -> { };
    private boolean confirmAnswer = true;

    @BeforeEach
    void load() throws IOException, InterruptedException {
        server = new MockWebServer();
        server.start();
        TellerClient client = TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(), "t-1");
        policy = new ApprovalPolicyViewModel(new ApprovalPolicyApi(client), UiExecutors.inline(), new PolicyPrompts() {
            @Override
            public boolean confirm(String title, String message) {
                confirmations.add(title + " | " + message);
                return confirmAnswer;
            }

            @Override
            public void editThreshold(DualApprovalEditor editor) {
                dialogs.add(editor);
                administrator.accept(editor);
            }
        }, true);
        server.enqueue(answer(200, POLICY));
        policy.refresh();
        RecordedRequest get = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(get.getPath()).isEqualTo("/api/v1/approval-policy");
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static MockResponse answer(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Test
    void theThresholdsAreListedByCurrencyAndShownAsMoney() {
        assertThat(policy.thresholds()).extracting(Threshold::currency).containsExactly("JPY", "USD");
        assertThat(policy.thresholds()).extracting(ApprovalPolicyViewModel::amountOf)
                .containsExactly("¥500,000", "$1,000.00");
        assertThat(policy.busyProperty().get()).isFalse();
        assertThat(policy.errorProperty().get()).isEmpty();
        assertThat(ApprovalPolicyViewModel.EXPLANATION).contains("two different approvers").contains("1 of 2");
    }

    @Test
    void eachFieldsProblemIsNamedUnderItAndNothingIsSent() {
        policy.add();
        DualApprovalEditor dialog = dialogs.get(0);
        assertThat(dialog.adding()).isTrue();
        assertThat(dialog.title()).isEqualTo("New dual-approval threshold");

        assertThat(problems(dialog, "", "10")).startsWith("Currency: enter an ISO 4217 code");
        assertThat(problems(dialog, "EURO", "10")).startsWith("Currency: EURO is not an ISO 4217 code");
        assertThat(problems(dialog, "usd", "10")).as("USD has one already: it is changed from the table")
                .isEqualTo("Currency: USD has a threshold already: change that one in the table.");
        assertThat(problems(dialog, "EUR", " ")).isEqualTo(
                "Two approvers from: enter the amount from which an order needs two approvers, in EUR.");
        assertThat(problems(dialog, "EUR", "99.999")).isEqualTo("Two approvers from: EUR has 2 decimals; 99.999 has more.");
        assertThat(problems(dialog, "KRW", "1000.5")).isEqualTo("Two approvers from: KRW has no decimals.");
        assertThat(problems(dialog, "EUR", "0")).isEqualTo(
                "Two approvers from: must be more than zero (remove the threshold instead to lift it).");
        assertThat(problems(dialog, "EUR", "1 000")).contains("no signs, spaces or separators");
        assertThat(dialog.savedProperty().get()).isFalse();
        assertThat(server.getRequestCount()).as("only the first load").isEqualTo(1);
    }

    private static String problems(DualApprovalEditor dialog, String currency, String amount) {
        dialog.currencyProperty().set(currency);
        dialog.amountProperty().set(amount);
        assertThat(dialog.save()).isFalse();
        return dialog.currencyErrorProperty().get() + dialog.amountErrorProperty().get();
    }

    @Test
    void aNewThresholdIsSentInMinorUnitsOfItsCurrencyAndTheTableShowsTheServersAnswer() throws InterruptedException {
        server.enqueue(answer(200, """
                {"dualApproval":[{"currency":"USD","amountMin":100000},{"currency":"KWD","amountMin":1250500},
                                 {"currency":"JPY","amountMin":500000}],"caps":[]}
                """));
        administrator = editor -> {
            editor.currencyProperty().set(" kwd ");
            assertThat(editor.amountHint()).isEqualTo("Up to 3 decimals, e.g. 500.000 KWD.");
            editor.amountProperty().set("1250.5");
            assertThat(editor.save()).isTrue();
        };
        policy.add();

        RecordedRequest put = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(put.getMethod()).isEqualTo("PUT");
        assertThat(put.getPath()).isEqualTo("/api/v1/approval-policy/dual-approval/KWD");
        assertThat(put.getBody().readUtf8()).as("1250.5 KWD in fils").isEqualTo("{\"amountMin\":1250500}");
        assertThat(dialogs.get(0).savedProperty().get()).as("the dialog closes").isTrue();
        assertThat(policy.thresholds()).extracting(Threshold::currency).containsExactly("JPY", "KWD", "USD");
        assertThat(policy.noticeProperty().get()).isEqualTo("KWD orders from KWD 1,250.500 need two approvers.");
    }

    @Test
    void changingAThresholdKeepsItsCurrencyAndStartsFromTheCurrentAmount() throws InterruptedException {
        server.enqueue(answer(200, """
                {"dualApproval":[{"currency":"USD","amountMin":250000},{"currency":"JPY","amountMin":500000}]}
                """));
        administrator = editor -> {
            assertThat(editor.adding()).isFalse();
            assertThat(editor.title()).isEqualTo("Change the USD threshold");
            assertThat(editor.amountProperty().get()).isEqualTo("1000.00");
            editor.currencyProperty().set("EUR");
            editor.currencyProperty().set("USD");
            editor.amountProperty().set("2500");
            editor.save();
        };
        policy.edit(policy.thresholds().get(1));

        RecordedRequest put = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(put.getPath()).isEqualTo("/api/v1/approval-policy/dual-approval/USD");
        assertThat(put.getBody().readUtf8()).isEqualTo("{\"amountMin\":250000}");
        assertThat(policy.thresholds()).extracting(ApprovalPolicyViewModel::amountOf)
                .containsExactly("¥500,000", "$2,500.00");
        assertThat(policy.noticeProperty().get()).isEqualTo("USD orders from $2,500.00 need two approvers.");
    }

    @Test
    void theServersRefusalStaysInTheOpenDialogUnderTheFieldItNames() {
        server.enqueue(answer(422, """
                {"error":{"code":"INVALID_INPUT","message":"amountMin must be a positive amount in minor units, or null",
                          "details":{"field":"amountMin"}}}
                """));
        server.enqueue(answer(403, """
                {"error":{"code":"FORBIDDEN","message":"this needs the ADMIN role","details":{}}}
                """));
        administrator = editor -> {
            editor.currencyProperty().set("EUR");
            editor.amountProperty().set("5000");
            editor.save();
        };
        policy.add();
        DualApprovalEditor dialog = dialogs.get(0);

        assertThat(dialog.amountErrorProperty().get())
                .isEqualTo("INVALID_INPUT: amountMin must be a positive amount in minor units, or null");
        assertThat(dialog.savedProperty().get()).as("the dialog stays open").isFalse();
        assertThat(dialog.busyProperty().get()).isFalse();
        assertThat(dialog.save()).as("sent again").isTrue();
        assertThat(dialog.errorProperty().get()).isEqualTo("FORBIDDEN: this needs the ADMIN role");
        assertThat(dialog.amountErrorProperty().get()).isEmpty();
        assertThat(policy.thresholds()).as("unchanged").extracting(Threshold::currency).containsExactly("JPY", "USD");
        assertThat(policy.noticeProperty().get()).isEmpty();
    }

    @Test
    void removingAsksFirstThenSendsNullAndShowsTheServersAnswer() throws InterruptedException {
        Threshold dollars = policy.thresholds().get(1);
        confirmAnswer = false;
        policy.remove(dollars);
        assertThat(confirmations).containsExactly("Remove the USD dual-approval threshold? | One approver will then"
                + " be enough for USD orders of any amount (from $1,000.00 two are needed now).");
        assertThat(server.getRequestCount()).as("cancelled: nothing sent").isEqualTo(1);

        confirmAnswer = true;
        server.enqueue(answer(200, """
                {"dualApproval":[{"currency":"JPY","amountMin":500000}]}
                """));
        policy.remove(dollars);
        RecordedRequest put = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(put.getPath()).isEqualTo("/api/v1/approval-policy/dual-approval/USD");
        assertThat(put.getBody().readUtf8()).isEqualTo("{\"amountMin\":null}");
        assertThat(policy.thresholds()).extracting(Threshold::currency).containsExactly("JPY");
        assertThat(policy.noticeProperty().get()).isEqualTo("USD orders need one approver at any amount now.");
    }

    @Test
    void aFailedLoadSaysSoAndARefusedRemovalKeepsTheTable() throws InterruptedException {
        server.enqueue(answer(500, """
                {"error":{"code":"INTERNAL","message":"Something went wrong (correlation id c-9)","details":{}}}
                """));
        policy.refresh();
        assertThat(policy.errorProperty().get()).startsWith("Dual approval: INTERNAL: Something went wrong");
        assertThat(policy.busyProperty().get()).isFalse();

        server.enqueue(answer(403, """
                {"error":{"code":"FORBIDDEN","message":"this needs the ADMIN role","details":{}}}
                """));
        policy.remove(policy.thresholds().get(0));
        assertThat(policy.errorProperty().get()).isEqualTo("FORBIDDEN: this needs the ADMIN role");
        assertThat(policy.noticeProperty().get()).isEmpty();
        assertThat(policy.thresholds()).extracting(Threshold::currency).containsExactly("JPY", "USD");
    }

    @Test
    void anAuditorReadsTheThresholdsAndNoCommandOpensADialogOrSendsAnything() throws InterruptedException {
        TellerClient client = TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(), "t-2");
        List<String> prompted = new ArrayList<>();
        ApprovalPolicyViewModel readOnly = new ApprovalPolicyViewModel(new ApprovalPolicyApi(client), UiExecutors.inline(),
                new PolicyPrompts() {
                    @Override
                    public boolean confirm(String title, String message) {
                        prompted.add(title);
                        return true;
                    }

                    @Override
                    public void editThreshold(DualApprovalEditor editor) {
                        prompted.add("edit");
                    }
                }, false);
        server.enqueue(answer(200, POLICY));
        readOnly.refresh();
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/api/v1/approval-policy");
        assertThat(readOnly.canEdit()).isFalse();
        assertThat(readOnly.thresholds()).extracting(Threshold::currency).containsExactly("JPY", "USD");

        readOnly.add();
        readOnly.edit(readOnly.thresholds().get(0));
        readOnly.remove(readOnly.thresholds().get(1));

        assertThat(prompted).isEmpty();
        assertThat(server.takeRequest(300, TimeUnit.MILLISECONDS)).as("nothing sent").isNull();
    }
}
