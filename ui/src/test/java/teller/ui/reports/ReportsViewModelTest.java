package teller.ui.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import teller.ui.api.ReportsApi;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/**
 * The reports view model on the inline executor, against a scripted HTTP server: validation before
 * any call, formatting of the server's figures, reloading on change, and exports streamed to a file
 * with progress, cancel and the server's refusals.
 */
class ReportsViewModelTest {
    private static final Clock NOV_30 = Clock.fixed(Instant.parse("2026-11-30T15:00:00Z"), ZoneOffset.UTC);
    private static final String BALANCE_FLOW = """
            {"name":"balance-flow","from":"2026-11-01","to":"2026-11-30","granularity":"day",
             "generatedAt":"2026-11-30T15:00:00Z",
             "columns":["period","currency","depositCount","deposits","withdrawalCount","withdrawals",
                        "voidedDeposits","voidedWithdrawals","netFlow"],
             "rows":[
               {"period":"2026-11-02","currency":"USD","depositCount":2,"deposits":6500,"withdrawalCount":0,
                "withdrawals":0,"voidedDeposits":0,"voidedWithdrawals":0,"netFlow":6500},
               {"period":"2026-11-03","currency":"USD","depositCount":1,"deposits":123456,"withdrawalCount":1,
                "withdrawals":1000,"voidedDeposits":500,"voidedWithdrawals":0,"netFlow":121956}],
             "summary":{"netFlowByCurrency":{"USD":128456}}}
            """;

    @TempDir
    Path folder;
    private MockWebServer server;
    private ReportsViewModel viewModel;
    private final java.util.List<String> suggested = new java.util.ArrayList<>();
    private Optional<Path> chosen = Optional.empty();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        TellerClient client = TellerClient.withToken(TellerClient.defaultHttpClient(), server.url("/").toString(), "t-1");
        ExportFilePicker picker = (name, format) -> {
            suggested.add(name);
            return chosen;
        };
        viewModel = new ReportsViewModel(new ReportsApi(client), UiExecutors.inline(), picker, NOV_30);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Test
    void theRangeDefaultsToTheLastThirtyDaysEndingToday() {
        assertThat(viewModel.fromProperty().get()).isEqualTo(LocalDate.parse("2026-11-01"));
        assertThat(viewModel.toProperty().get()).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(viewModel.rangeErrorProperty().get()).isEmpty();
    }

    @Test
    void fromAfterToIsRefusedNamingTheFieldAndNothingIsSent() {
        server.enqueue(json(200, BALANCE_FLOW));
        viewModel.activate();
        int sent = server.getRequestCount();

        viewModel.fromProperty().set(LocalDate.parse("2026-12-05"));

        assertThat(viewModel.rangeErrorProperty().get()).isEqualTo("From (2026-12-05) must be on or before To (2026-11-30)");
        assertThat(viewModel.rangeErrorFieldProperty().get()).isEqualTo("from");
        viewModel.load();
        viewModel.export(ExportFormat.CSV);
        assertThat(server.getRequestCount()).as("no call with an invalid range").isEqualTo(sent);
        assertThat(suggested).as("no save dialog either").isEmpty();
        assertThat(viewModel.exportStatusProperty().get()).startsWith("Not exported: From");
    }

    @Test
    void aTypedTextThatIsNoDayIsNamedOnItsFieldAndNothingIsLoaded() {
        server.enqueue(json(200, BALANCE_FLOW));
        viewModel.activate();
        int sent = server.getRequestCount();

        assertThat(viewModel.typedFrom("2026-13-45")).isNull();
        viewModel.fromProperty().set(null);
        viewModel.load();

        assertThat(viewModel.rangeErrorFieldProperty().get()).isEqualTo("from");
        assertThat(viewModel.rangeErrorProperty().get()).isEqualTo(
                "From: \"2026-13-45\" is not a day; type it as YYYY-MM-DD, e.g. 2026-12-07");
        assertThat(server.getRequestCount()).as("no call with a typed non-day").isEqualTo(sent);

        assertThat(viewModel.typedTo("soon")).isNull();
        assertThat(viewModel.rangeErrorProperty().get()).startsWith("From: \"2026-13-45\"");
        viewModel.fromProperty().set(viewModel.typedFrom("2026-11-02"));
        assertThat(viewModel.rangeErrorProperty().get()).startsWith("To: \"soon\" is not a day");
        viewModel.toProperty().set(viewModel.typedTo("2026-11-20"));
        assertThat(viewModel.rangeErrorProperty().get()).isEmpty();
    }

    @Test
    void reconciliationSaysBalancedOrHowManyDiscrepancies() {
        assertThat(ReportValues.reconciliation(true, 0)).isEqualTo("Balanced");
        assertThat(ReportValues.reconciliation(false, 1)).isEqualTo("1 discrepancy");
        assertThat(ReportValues.reconciliation(false, 1200)).isEqualTo("1,200 discrepancies");
        server.enqueue(json(200, BALANCE_FLOW));
        viewModel.activate();
        server.enqueue(json(200, """
                {"name":"reconciliation","from":"2026-11-01","to":"2026-11-30","granularity":"day",
                 "generatedAt":"2026-11-30T15:00:00Z","columns":["check","expected","actual"],"rows":[],
                 "summary":{"balanced":true,"transactionsChecked":12,"accountsChecked":4,"discrepancies":0}}
                """));
        viewModel.reportProperty().set(ReportKind.RECONCILIATION);

        assertThat(viewModel.tiles()).extracting(Tile::value).contains("Balanced").doesNotContain("true");
        assertThat(viewModel.tiles()).extracting(Tile::label).doesNotContain("Discrepancies");
    }

    @Test
    void aRangeLongerThanTheServerAllowsIsRefusedOnTheToField() {
        viewModel.fromProperty().set(LocalDate.parse("2010-01-01"));

        assertThat(viewModel.rangeErrorFieldProperty().get()).isEqualTo("to");
        assertThat(viewModel.rangeErrorProperty().get()).contains("at most 3660 days");
    }

    @Test
    void balanceFlowShowsMoneyFromMinorUnitsTotalsAndAChartOfDepositsAgainstWithdrawals() throws Exception {
        server.enqueue(json(200, BALANCE_FLOW));

        viewModel.activate();

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getPath()).isEqualTo("/api/v1/reports/balance-flow?from=2026-11-01&to=2026-11-30&granularity=day");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer t-1");
        assertThat(viewModel.columns()).extracting(ColumnSpec::title)
                .startsWith("Period", "Currency", "Deposit count", "Deposits");
        assertThat(viewModel.rows().get(1)).containsExactly("2026-11-03", "USD", "1", "$1,234.56", "1", "$10.00",
                "$5.00", "$0.00", "$1,219.56");
        assertThat(viewModel.footer()).containsExactly(
                List.of("Total", "USD", "3", "$1,299.56", "1", "$10.00", "$5.00", "$0.00", "$1,284.56"));
        assertThat(viewModel.tiles()).as("the totals are the footer's, not tiles")
                .extracting(Tile::id).noneMatch(id -> id.startsWith("total-"));
        ChartSpec chart = viewModel.chartProperty().get();
        assertThat(chart.categories()).containsExactly("2026-11-02", "2026-11-03");
        assertThat(chart.series()).containsOnlyKeys("Deposits", "Withdrawals");
        assertThat(chart.series().get("Deposits")).containsExactly(65.0, 1234.56);
        assertThat(viewModel.errorProperty().get()).isEmpty();
    }

    @Test
    void theTableFooterAddsUpTheMoneyAndTheCountsPerCurrency() {
        server.enqueue(json(200, BALANCE_FLOW.replace("\"summary\"", "\"summaryX\"").replace("netFlow\":121956}]",
                "netFlow\":121956},\n{\"period\":\"2026-11-03\",\"currency\":\"EUR\",\"depositCount\":4,\"deposits\":700,"
                        + "\"withdrawalCount\":0,\"withdrawals\":0,\"voidedDeposits\":0,\"voidedWithdrawals\":0,\"netFlow\":700}]")));

        viewModel.activate();

        assertThat(viewModel.rows()).hasSize(3);
        assertThat(viewModel.footer()).containsExactly(
                List.of("Total", "EUR", "4", "€7.00", "0", "€0.00", "€0.00", "€0.00", "€7.00"),
                List.of("Total", "USD", "3", "$1,299.56", "1", "$10.00", "$5.00", "$0.00", "$1,284.56"));
    }

    @Test
    void weeksAndMonthsReadAsPeopleNameThem() {
        server.enqueue(json(200, BALANCE_FLOW.replace("\"granularity\":\"day\"", "\"granularity\":\"week\"")
                .replace("2026-11-02", "2026-11-30").replace("2026-11-03", "2026-12-28")));
        viewModel.activate();

        assertThat(viewModel.rows()).extracting(row -> row.get(0)).containsExactly("2026-W49", "2026-W53");
        assertThat(ReportValues.period(com.fasterxml.jackson.databind.node.TextNode.valueOf("2026-12-01"), "month"))
                .isEqualTo("2026-12");
        assertThat(ReportValues.period(com.fasterxml.jackson.databind.node.TextNode.valueOf("2026-12-01"), "day"))
                .isEqualTo("2026-12-01");
    }

    @Test
    void aReportWithoutPeriodsHasNoFooter() {
        server.enqueue(json(200, """
                {"name":"operations","from":"2026-11-01","to":"2026-11-30","columns":["operator","decisions"],
                 "rows":[{"operator":"admin","decisions":3}],"summary":{}}
                """));
        viewModel.reportProperty().set(ReportKind.OPERATIONS);

        viewModel.activate();

        assertThat(viewModel.rows()).hasSize(1);
        assertThat(viewModel.footer()).isEmpty();
    }

    @Test
    void changingTheGranularityReloadsWithIt() throws Exception {
        server.enqueue(json(200, BALANCE_FLOW));
        server.enqueue(json(200, BALANCE_FLOW.replace("\"granularity\":\"day\"", "\"granularity\":\"week\"")));
        viewModel.activate();
        server.takeRequest(5, TimeUnit.SECONDS);

        viewModel.granularityProperty().set(Granularity.WEEK);

        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).endsWith("&granularity=week");
        assertThat(viewModel.dataProperty().get().granularity()).isEqualTo("week");
        assertThat(viewModel.loadsSent()).isEqualTo(2);
    }

    @Test
    void aReportWithoutPeriodsSendsNoGranularityAndDisablesIt() throws Exception {
        server.enqueue(json(200, BALANCE_FLOW));
        server.enqueue(json(200, """
                {"name":"operations","columns":["operator","approvals","rejections","retries","voids","decisions"],
                 "rows":[{"operator":"admin","approvals":3,"rejections":1,"retries":0,"voids":0,"decisions":4}],
                 "summary":{"pendingNow":2,"approvalRate":0.75,"queueAgeOldestSeconds":4000}}
                """));
        viewModel.activate();
        server.takeRequest(5, TimeUnit.SECONDS);

        viewModel.reportProperty().set(ReportKind.OPERATIONS);

        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath())
                .isEqualTo("/api/v1/reports/operations?from=2026-11-01&to=2026-11-30");
        assertThat(viewModel.granularityAppliesProperty().get()).isFalse();
        assertThat(viewModel.tiles()).contains(new Tile("summary-approvalRate", "Approval rate", "75.0 %"),
                new Tile("summary-queueAgeOldestSeconds", "Queue age oldest seconds", "1h 06m"),
                new Tile("summary-pendingNow", "Pending now", "2"));
        assertThat(viewModel.chartProperty().get().series()).containsOnlyKeys("Approvals", "Rejections");
    }

    @Test
    void aReportTheServerDoesNotHaveIsExplainedNotShownAsAnError() {
        server.enqueue(json(200, BALANCE_FLOW));
        server.enqueue(json(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no report risk-exposure\"}}"));
        viewModel.activate();

        viewModel.reportProperty().set(ReportKind.RISK_EXPOSURE);

        assertThat(viewModel.errorProperty().get()).startsWith("This server has no “Risk exposure” report yet")
                .contains("NOT_FOUND");
        assertThat(viewModel.rows()).isEmpty();
        assertThat(viewModel.chartProperty().get()).isNull();
    }

    @Test
    void exportStreamsTheServersFileToTheChosenPathWithTheSuggestedName() throws Exception {
        chosen = Optional.of(folder.resolve("flow.csv"));
        String csv = "period,currency,deposits\n2026-11-02,USD,6500\n";
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/csv").setBody(csv));

        viewModel.export(ExportFormat.CSV);

        assertThat(suggested).containsExactly("balance-flow_2026-11-01_2026-11-30.csv");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo(
                "/api/v1/reports/balance-flow/export?from=2026-11-01&to=2026-11-30&granularity=day&format=csv");
        assertThat(Files.readString(folder.resolve("flow.csv"))).isEqualTo(csv);
        assertThat(viewModel.exportBytesProperty().get()).isEqualTo(csv.length());
        assertThat(viewModel.exportProgressProperty().get()).isEqualTo(1.0);
        assertThat(viewModel.exportStatusProperty().get()).startsWith("Saved ").endsWith("(" + csv.length() + " bytes)");
        assertThat(viewModel.exportingProperty().get()).isFalse();
        assertThat(files()).containsExactly(folder.resolve("flow.csv"));
    }

    @Test
    void cancellingAnExportMidwayLeavesNoFileAtAll() throws Exception {
        Path target = folder.resolve("big.json");
        chosen = Optional.of(target);
        Buffer body = new Buffer();
        body.write(new byte[4 * 1024 * 1024]);
        // Streamed in small slices, so the download is still running when the first bytes arrive.
        server.enqueue(new MockResponse().setBody(body).throttleBody(64 * 1024, 20, TimeUnit.MILLISECONDS));
        viewModel.exportBytesProperty().addListener((o, was, now) -> {
            if (now.longValue() > 0) {
                viewModel.cancelExport();
            }
        });

        viewModel.export(ExportFormat.JSON);

        assertThat(viewModel.exportStatusProperty().get()).isEqualTo("Export cancelled; no file was written.");
        assertThat(viewModel.exportFailedProperty().get()).isTrue();
        assertThat(viewModel.exportBytesProperty().get()).isLessThan(4L * 1024 * 1024);
        assertThat(files()).as("neither the file nor its partial download").isEmpty();
    }

    @Test
    void anExportTheServerRefusesShowsItsErrorAndWritesNothing() throws Exception {
        chosen = Optional.of(folder.resolve("flow.pdf"));
        server.enqueue(json(400, "{\"error\":{\"code\":\"INVALID_INPUT\",\"message\":\"format must be csv, xlsx or json\","
                + "\"details\":{\"field\":\"format\"}}}"));

        viewModel.export(ExportFormat.PDF);

        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).endsWith("&format=pdf");
        assertThat(viewModel.exportStatusProperty().get())
                .isEqualTo("The server refused the PDF export: INVALID_INPUT: format must be csv, xlsx or json");
        assertThat(files()).isEmpty();
    }

    @Test
    void anExportReplacesAnExistingFileOnlyWhenItSucceeds() throws Exception {
        Path target = folder.resolve("flow.csv");
        Files.writeString(target, "the previous export");
        chosen = Optional.of(target);
        server.enqueue(new MockResponse().setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY)
                .setBody("period,currency\n" + "x".repeat(100_000)));

        viewModel.export(ExportFormat.CSV);

        assertThat(viewModel.exportStatusProperty().get()).startsWith("Export failed, no file was written: SERVER_UNREACHABLE");
        assertThat(Files.readString(target)).isEqualTo("the previous export");
        assertThat(files()).containsExactly(target);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.toList();
        }
    }
}
