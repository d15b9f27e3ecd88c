package teller.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import teller.server.Main;
import teller.server.support.ExecutionFixture;

/**
 * Report PDFs over real HTTP and from the CLI: every report prints with its title, period and
 * charts, and carries the API's rows, totals and summary, on the hand-counted data of {@link ReportsFixture}.
 */
class ReportPdfApiTest extends ReportsFixture {

    // ---------------------------------------------------------------- PDF

    private static final List<String> CHART_REPORTS = List.of("balance-flow", "profit-by-game", "operations");
    private static final List<String> ALL_REPORTS = List.of("balance-flow", "profit-by-game", "voids", "operations",
            "daily-summary", "reconciliation");

    /** The PDF's text, page by page in reading order, with runs of spaces collapsed. */
    private static String pdfText(byte[] pdf) throws IOException {
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            var stripper = new org.apache.pdfbox.text.PDFTextStripper();
            stripper.setSortByPosition(true);
            return stripper.getText(document).replaceAll("[ \\t]+", " ");
        }
    }

    private static int images(byte[] pdf) throws IOException {
        int images = 0;
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            for (var page : document.getPages()) {
                for (var name : page.getResources().getXObjectNames()) {
                    if (page.getResources().getXObject(name) instanceof org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject) {
                        images++;
                    }
                }
            }
        }
        return images;
    }

    /** Minor units as the PDF prints USD: 13000 -> "130.00". */
    private static String usd(long minorUnits) {
        return new BigDecimal(minorUnits).movePointLeft(2).toPlainString();
    }

    @Test
    void everyReportExportsAsAPdfWithTitlePeriodAndGenerationTime() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String name : ALL_REPORTS) {
            var response = download(name, "pdf");
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
            assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains(".pdf");
            assertThat(new String(response.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            String text = pdfText(response.body());
            assertThat(text).as(name).contains(" report")
                    .contains("Period: " + today.minusDays(1) + " to " + today.plusDays(1))
                    .contains("Generated at: ");
            assertThat(images(response.body())).as("charts in %s", name)
                    .isEqualTo(CHART_REPORTS.contains(name) ? 1 : 0);
        }
    }

    @Test
    void balanceFlowPdfShowsTheApiRowsTotalsAndNetFlow() throws Exception {
        JsonNode api = report("balance-flow");
        String text = pdfText(download("balance-flow", "pdf").body());
        for (JsonNode row : api.get("rows")) {
            assertThat(text).contains(row.get("period").asText() + " USD " + row.get("depositCount").asLong() + " "
                    + usd(row.get("deposits").asLong()) + " " + row.get("withdrawalCount").asLong() + " "
                    + usd(row.get("withdrawals").asLong()));
        }
        assertThat(text).contains("Total USD 3 " + usd(15_400) + " 1 " + usd(2_000) + " " + usd(400) + " " + usd(0) + " "
                + usd(13_000));
        assertThat(text).contains("netFlowByCurrency USD: " + usd(api.at("/summary/netFlowByCurrency/USD").asLong()) + " USD");
    }

    @Test
    void profitByGamePdfShowsEachGamesProfitAndTheTotal() throws Exception {
        String text = pdfText(download("profit-by-game", "pdf").body());
        assertThat(text).contains(" USD " + ExecutionFixture.GAME + " 1 " + usd(3_000) + " 1 " + usd(2_000) + " "
                + usd(0) + " " + usd(0) + " " + usd(1_000));
        assertThat(text).contains("Total USD 2 " + usd(4_000) + " 1 " + usd(2_000));
        assertThat(text).contains("profitByCurrency USD: " + usd(2_000) + " USD");
    }

    @Test
    void operationsVoidsSummaryAndReconciliationPdfsCarryTheApiFigures() throws Exception {
        JsonNode ops = report("operations").get("summary");
        String operations = pdfText(download("operations", "pdf").body());
        assertThat(operations).contains("admin 6 1 0 1 7")
                .contains("approvals: " + ops.get("approvals").asLong())
                .contains("approvalRate: " + ops.get("approvalRate").decimalValue().toPlainString())
                .contains("executionAttempts: " + ops.get("executionAttempts").asLong());
        assertThat(pdfText(download("voids", "pdf").body())).contains(" USD DEPOSIT admin 1 " + usd(400))
                .contains("voids: 1");
        assertThat(pdfText(download("daily-summary", "pdf").body()))
                .contains("Total USD " + usd(15_400) + " " + usd(2_000) + " " + usd(4_000) + " " + usd(400) + " "
                        + usd(13_000) + " 6 1 0");
        assertThat(pdfText(download("reconciliation", "pdf").body())).contains("balanced: true")
                .contains("No rows.");
    }

    @Test
    void cliExportWritesAPdf() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Path pdf = files.resolve("flow.pdf");
        StringWriter err = new StringWriter();
        var commandLine = Main.commandLine(Map.of("DATABASE_URL", databaseUrl,
                "TELLER_DATA_DIR", Files.createDirectories(files.resolve("cli-pdf")).toString()));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute("export", "--report", "balance-flow", "--format", "pdf", "--from",
                today.minusDays(1).toString(), "--to", today.plusDays(1).toString(), "--out", pdf.toString()))
                .as(err.toString()).isZero();
        byte[] bytes = Files.readAllBytes(pdf);
        assertThat(pdfText(bytes)).contains("Balance flow report").contains("Total USD 3 " + usd(15_400));
        assertThat(images(bytes)).isEqualTo(1);
    }
}
