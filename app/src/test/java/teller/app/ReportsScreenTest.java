package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import teller.server.ServerCore;
import teller.server.common.Actor;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;
import teller.ui.api.TellerClient;
import teller.ui.common.FxDialogs;
import teller.ui.common.FxExecutors;
import teller.ui.connect.Session;
import teller.ui.console.ConsoleWindow;
import teller.ui.console.ScreenContext;
import teller.ui.reports.ReportsScreen;

/**
 * The reports screen, headless, against a real server whose ledger holds hand-counted flows:
 * deposits of $40, $25 and $100 (the last voided) and a $10 withdrawal, all today (UTC). Exports go
 * to a temporary folder through the screen's file-picker seam instead of a save dialog.
 */
@ExtendWith(ApplicationExtension.class)
class ReportsScreenTest {
    private static final long WAIT_SECONDS = 30;
    private static ServerCore server;
    private static ApiClient admin;
    private static Path exports;

    private ReportsScreen screen;
    private final List<String> suggestedNames = new ArrayList<>();
    private volatile Optional<Path> chosenFile = Optional.empty();

    @BeforeAll
    static void seedFlows() throws IOException {
        server = TestServer.start(builder -> builder.sandboxProviders(true));
        Seed seed = new Seed(server);
        Actor system = Actor.system("reports-test");
        seed.player("rep-1", "flow.one", 40_00);
        seed.player("rep-2", "flow.two", 25_00);
        seed.player("rep-3", "flow.three", 0);
        String voided = seed.order("DEPOSIT", "rep-3", 100_00, null);
        server.services().approvals().approve(Long.parseLong(voided), system, "to be voided");
        String withdrawal = seed.order("WITHDRAWAL", "rep-2", 10_00, null);
        server.services().approvals().approve(Long.parseLong(withdrawal), system, "paid out");
        assertThat(seed.status(withdrawal)).isEqualTo("APPROVED_EXECUTED");
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        ApiClient.Reply voiding = admin.post("/api/v1/orders/" + voided + "/void", Map.of("reason", "sent twice"));
        assertThat(voiding.status()).as(voiding.text()).isEqualTo(200);
        // Reports read the rollups, which the server's worker folds in within a second or two.
        waitUntil(() -> admin.get("/api/v1/reports/balance-flow").body()
                .at("/summary/netFlowByCurrency/USD").asLong() == 55_00, "the rollups hold every flow");
        exports = Files.createTempDirectory("teller-exports");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        TellerClient.SignedIn signedIn = TellerClient.login(TellerClient.defaultHttpClient(), server.baseUrl(), "admin",
                TestServer.ADMIN_PASSWORD);
        Session session = new Session(signedIn.client(), signedIn.login().operator(), false);
        ScreenContext context = new ScreenContext(session, FxExecutors.create(), new FxDialogs(() -> stage));
        screen = new ReportsScreen(context, (name, format) -> {
            suggestedNames.add(name);
            return chosenFile;
        });
        Scene scene = new Scene(screen.view(), ConsoleWindow.WIDTH, ConsoleWindow.HEIGHT);
        scene.getStylesheets().add(ConsoleWindow.stylesheet());
        stage.setScene(scene);
        stage.show();
        screen.activate();
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
    }

    /** The totals are filled in the same FX update as the table and the chart: wait for the rest of it too. */
    private static void waitUntilLoaded(FxRobot robot) {
        waitUntil(() -> "$165.00".equals(text(robot, "#total-deposits")), "the deposits total is shown");
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().map(n -> ((Label) n).getText()).orElse(null);
    }

    @Test
    void balanceFlowShowsTheHandCountedTotalsAndChartsDepositsAgainstWithdrawals(FxRobot robot) {
        waitUntilLoaded(robot);

        assertThat(text(robot, "#total-withdrawals")).isEqualTo("$10.00");
        assertThat(text(robot, "#total-voidedDeposits")).isEqualTo("$100.00");
        assertThat(text(robot, "#total-netFlow")).isEqualTo("$55.00");
        TableView<?> table = robot.lookup("#reportTable").queryAs(TableView.class);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(table.getItems()).hasSize(1);
        @SuppressWarnings("unchecked")
        List<String> row = (List<String>) table.getItems().get(0);
        assertThat(row).containsExactly(today, "USD", "3", "$165.00", "1", "$10.00",
                "$100.00", "$0.00", "$55.00");
        JFreeChart chart = screen.reportsView().chart();
        assertThat(chart).as("a chart is drawn").isNotNull();
        CategoryDataset data = chart.getCategoryPlot().getDataset();
        assertThat(data.getValue("Deposits", today).doubleValue()).isEqualTo(165.0);
        assertThat(data.getValue("Withdrawals", today).doubleValue()).isEqualTo(10.0);
    }

    @Test
    void choosingAnotherGranularityReloadsTheReportByMonth(FxRobot robot) {
        waitUntilLoaded(robot);
        int before = screen.viewModel().loadsSent();

        robot.clickOn("#granularityPicker");
        robot.clickOn("Month");

        waitUntil(() -> screen.viewModel().dataProperty().get() != null
                && "month".equals(screen.viewModel().dataProperty().get().granularity()), "the monthly report arrives");
        assertThat(screen.viewModel().loadsSent()).isEqualTo(before + 1);
        TableView<?> table = robot.lookup("#reportTable").queryAs(TableView.class);
        // The month reads as people name it (issue 16), not as its first day.
        String month = LocalDate.now(ZoneOffset.UTC).toString().substring(0, 7);
        assertThat(((List<?>) table.getItems().get(0)).get(0)).isEqualTo(month);
        assertThat(text(robot, "#total-netFlow")).isEqualTo("$55.00");
    }

    @Test
    void exportingCsvSavesExactlyTheServersFileUnderTheChosenName(FxRobot robot) throws IOException {
        waitUntilLoaded(robot);
        Path folder = Files.createTempDirectory(exports, "csv");
        Path target = folder.resolve("flow-export.csv");
        chosenFile = Optional.of(target);

        robot.clickOn("#exportCsv");

        waitUntil(() -> text(robot, "#exportStatus").startsWith("Saved "), "the export is saved");
        LocalDate to = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = to.minusDays(29);
        assertThat(suggestedNames).containsExactly("balance-flow_" + from + "_" + to + ".csv");
        String expected = admin.get("/api/v1/reports/balance-flow/export?format=csv&from=" + from + "&to=" + to
                + "&granularity=day").text();
        String saved = Files.readString(target);
        assertThat(saved).isEqualTo(expected);
        // CSV is for people: amounts in the currency's major unit with its decimals (issue 16).
        assertThat(saved).contains("165.00").contains("55.00");
        try (var files = Files.list(folder)) {
            assertThat(files.toList()).as("no partial file left beside it").containsExactly(target);
        }
    }

    @Test
    void exportingPdfSavesTheServersPdf(FxRobot robot) throws IOException {
        waitUntilLoaded(robot);
        Path target = Files.createTempDirectory(exports, "pdf").resolve("flow.pdf");
        chosenFile = Optional.of(target);

        robot.clickOn("#exportPdf");

        waitUntil(() -> !screen.viewModel().exportingProperty().get() && !text(robot, "#exportStatus").isEmpty(),
                "the export ends");
        assertThat(text(robot, "#exportStatus")).startsWith("Saved ");
        byte[] saved = Files.readAllBytes(target);
        assertThat(new String(saved, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }

    @Test
    void aFromDateAfterTheToDateIsRefusedOnScreen(FxRobot robot) {
        waitUntilLoaded(robot);
        int before = screen.viewModel().loadsSent();

        robot.interact(() -> screen.viewModel().fromProperty().set(LocalDate.now(ZoneOffset.UTC).plusDays(3)));

        assertThat(text(robot, "#rangeError")).startsWith("From (").contains("must be on or before To");
        assertThat(screen.viewModel().loadsSent()).as("nothing is sent").isEqualTo(before);
    }
}
