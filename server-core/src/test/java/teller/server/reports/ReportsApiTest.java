package teller.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import teller.server.Main;
import teller.server.support.TestPostgres;
import teller.server.support.ExecutionFixture;

/**
 * Reports over real HTTP on data whose totals are worked out by hand below, and their exports
 * (CSV, XLSX, JSON, from the API and the CLI) read back and held against the API's figures.
 *
 * <p>The data, all approved by admin (orders entered by the clerk):
 * deposits 10,000 (p1), 5,000 (p2) and 400 (p2, later voided); a deposit of 700 rejected; a
 * deposit of 50 still waiting; game loads 3,000 into "pusoy" (p1) and 1,000 into a game whose name
 * is a spreadsheet formula (p2); a withdrawal of 2,000 redeemed from "pusoy" (p1).
 */
class ReportsApiTest {
    private static final String EVIL_GAME = "=HYPERLINK(\"http://evil.example\",\"x\")";

    private static ExecutionFixture fixture;
    private static String range;
    private static String databaseUrl;

    @TempDir
    static Path files;

    @BeforeAll
    static void start() {
        databaseUrl = TestPostgres.freshDatabase();
        fixture = ExecutionFixture.start(b -> b.sandboxProviders(true).database(databaseUrl, null, null));
        String p1 = fixture.fundedPlayer(10_000);
        String p2 = fixture.fundedPlayer(5_000);
        String p3 = fixture.fundedPlayer(0);
        assertThat(fixture.reject(fixture.order("DEPOSIT", p3, 700), "no proof").status()).isEqualTo(200);
        fixture.order("DEPOSIT", p3, 50);
        assertThat(fixture.approve(fixture.order("GAME_LOAD", p1, 3_000)).at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(fixture.approve(order("GAME_LOAD", p2, 1_000, EVIL_GAME)).at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(fixture.approve(order("WITHDRAWAL", p1, 2_000, ExecutionFixture.GAME)).at("/status"))
                .isEqualTo("APPROVED_EXECUTED");
        long voided = fixture.order("DEPOSIT", p2, 400);
        assertThat(fixture.approve(voided).at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(fixture.voidOrder(voided, "paid twice").at("/status")).isEqualTo("VOIDED");
        ExecutionFixture.await(Duration.ofSeconds(30), "the report rollups to catch up",
                () -> fixture.server.services().reports().rollupCaughtUp());
        // A day either side, so a run across midnight UTC still sees every row.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        range = "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static long order(String type, String playerId, long amount, String game) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("playerId", playerId);
        body.put("amount", amount);
        body.put("currency", "USD");
        body.put("gameName", game);
        body.put("source", Map.of("channel", "PORTAL"));
        var reply = fixture.clerk.post("/api/v1/orders", body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return Long.parseLong(reply.at("/id"));
    }

    private static JsonNode report(String name) {
        var reply = fixture.admin.get("/api/v1/reports/" + name + "?" + range);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.body();
    }

    private static long sum(JsonNode report, String column, Predicate<JsonNode> where) {
        long total = 0;
        for (JsonNode row : report.get("rows")) {
            if (where.test(row)) {
                total += row.get(column).asLong();
            }
        }
        return total;
    }

    private static long sum(JsonNode report, String column) {
        return sum(report, column, row -> true);
    }

    @Test
    void balanceFlowShowsDepositsWithdrawalsVoidsAndNetFlowComputedByHand() {
        JsonNode r = report("balance-flow");
        assertThat(sum(r, "depositCount")).isEqualTo(3);
        assertThat(sum(r, "deposits")).isEqualTo(10_000 + 5_000 + 400);
        assertThat(sum(r, "withdrawalCount")).isEqualTo(1);
        assertThat(sum(r, "withdrawals")).isEqualTo(2_000);
        assertThat(sum(r, "voidedDeposits")).isEqualTo(400);
        assertThat(sum(r, "voidedWithdrawals")).isZero();
        assertThat(sum(r, "netFlow")).isEqualTo(15_400 - 400 - 2_000);
        assertThat(r.at("/summary/netFlowByCurrency/USD").asLong()).isEqualTo(13_000);
    }

    @Test
    void coarserGranularityRegroupsTheSameTotals() {
        var reply = fixture.admin.get("/api/v1/reports/balance-flow?" + range + "&granularity=month");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(sum(reply.body(), "netFlow")).isEqualTo(13_000);
        assertThat(reply.body().get("granularity").asText()).isEqualTo("month");
        for (JsonNode row : reply.body().get("rows")) {
            assertThat(row.get("period").asText()).endsWith("-01");
        }
    }

    @Test
    void profitByGameIsGameLoadsMinusRedemptionsPerGame() {
        JsonNode r = report("profit-by-game");
        Predicate<JsonNode> pusoy = row -> row.get("game").asText().equals(ExecutionFixture.GAME);
        Predicate<JsonNode> evil = row -> row.get("game").asText().equals(EVIL_GAME);
        assertThat(sum(r, "loads", pusoy)).isEqualTo(3_000);
        assertThat(sum(r, "redemptions", pusoy)).isEqualTo(2_000);
        assertThat(sum(r, "profit", pusoy)).isEqualTo(1_000);
        assertThat(sum(r, "loads", evil)).isEqualTo(1_000);
        assertThat(sum(r, "profit", evil)).isEqualTo(1_000);
        assertThat(sum(r, "profit")).isEqualTo(2_000);
    }

    @Test
    void voidsListTheVoidedDepositAndWhoVoidedIt() {
        JsonNode r = report("voids");
        assertThat(r.get("rows")).hasSize(1);
        JsonNode row = r.get("rows").get(0);
        assertThat(row.get("orderType").asText()).isEqualTo("DEPOSIT");
        assertThat(row.get("voidedBy").asText()).isEqualTo("admin");
        assertThat(row.get("voids").asLong()).isEqualTo(1);
        assertThat(row.get("amount").asLong()).isEqualTo(400);
    }

    @Test
    void operationsCountsDecisionsRatesAttemptsAndThroughputPerOperator() {
        JsonNode r = report("operations");
        JsonNode s = r.get("summary");
        // Approved: 3 deposits, 2 game loads, 1 withdrawal; rejected: 1 deposit.
        assertThat(s.get("approvals").asLong()).isEqualTo(6);
        assertThat(s.get("rejections").asLong()).isEqualTo(1);
        assertThat(s.get("decisions").asLong()).isEqualTo(7);
        assertThat(s.get("approvalRate").decimalValue()).isEqualByComparingTo(new BigDecimal("0.8571"));
        // Deposits post at once (3 attempts), the others go EXECUTING once each (3), none failed.
        assertThat(s.get("executionAttempts").asLong()).isEqualTo(6);
        assertThat(s.get("executed").asLong()).isEqualTo(6);
        assertThat(s.get("approvedFailed").asLong()).isZero();
        assertThat(s.get("approvedFailedRate").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(s.get("pendingNow").asLong()).isEqualTo(1);
        assertThat(s.get("timeToDecisionP95SecondsAtMost").asLong()).isPositive();
        assertThat(r.get("rows")).hasSize(1);
        JsonNode admin = r.get("rows").get(0);
        assertThat(admin.get("operator").asText()).isEqualTo("admin");
        assertThat(admin.get("approvals").asLong()).isEqualTo(6);
        assertThat(admin.get("rejections").asLong()).isEqualTo(1);
        assertThat(admin.get("voids").asLong()).isEqualTo(1);
    }

    @Test
    void dailySummaryAddsUpTheDay() {
        JsonNode r = report("daily-summary");
        assertThat(sum(r, "deposits")).isEqualTo(15_400);
        assertThat(sum(r, "withdrawals")).isEqualTo(2_000);
        assertThat(sum(r, "gameLoads")).isEqualTo(4_000);
        assertThat(sum(r, "voids")).isEqualTo(400);
        assertThat(sum(r, "netFlow")).isEqualTo(13_000);
        assertThat(sum(r, "approved")).isEqualTo(6);
        assertThat(sum(r, "rejected")).isEqualTo(1);
        assertThat(sum(r, "executionFailures")).isZero();
    }

    @Test
    void reconciliationOfCleanBooksFindsNothing() {
        JsonNode r = report("reconciliation");
        assertThat(r.at("/summary/balanced").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.get("rows")).isEmpty();
        assertThat(r.at("/summary/accountsChecked").asLong()).isPositive();
    }

    @Test
    void badParametersAreRefusedWithTheFieldNamed() {
        assertThat(fixture.admin.get("/api/v1/reports/balance-flow?granularity=year").at("/error/details/field"))
                .isEqualTo("granularity");
        var backwards = fixture.admin.get("/api/v1/reports/balance-flow?from=2026-02-01&to=2026-01-01");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.at("/error/details/field")).isEqualTo("from");
        assertThat(fixture.admin.get("/api/v1/reports/balance-flow?from=yesterday").status()).isEqualTo(400);
        assertThat(fixture.admin.get("/api/v1/reports/no-such-report").status()).isEqualTo(404);
        var unknownFormat = fixture.admin.get("/api/v1/reports/voids/export?format=doc");
        assertThat(unknownFormat.status()).isEqualTo(400);
        assertThat(unknownFormat.at("/error/details/field")).isEqualTo("format");
    }

    @Test
    void anApproverMayNotReadReports() {
        assertThat(fixture.clerk.get("/api/v1/reports/balance-flow").status()).isEqualTo(403);
    }

    // ---------------------------------------------------------------- exports

    private static HttpResponse<byte[]> download(String name, String format) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(fixture.server.baseUrl() + "/api/v1/reports/" + name
                        + "/export?format=" + format + "&" + range))
                .header("Authorization", "Bearer " + fixture.admin.token()).GET().build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response;
    }

    /** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("bare line feed or stray character outside quotes").isNotEqualTo('\n');
                field.append(c);
            }
        }
        assertThat(field).as("the file ends with CRLF").isEmpty();
        return records;
    }

    /** The API report as the text a file would hold, cell by cell (header first). */
    private static List<List<String>> apiCells(JsonNode report) {
        List<List<String>> cells = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        report.get("columns").forEach(c -> columns.add(c.asText()));
        cells.add(columns);
        for (JsonNode row : report.get("rows")) {
            List<String> values = new ArrayList<>();
            for (String column : columns) {
                JsonNode v = row.get(column);
                values.add(v.isNumber() ? v.decimalValue().toPlainString() : v.asText());
            }
            cells.add(values);
        }
        return cells;
    }

    @Test
    void csvExportReadsBackAsTheApiFigures() throws Exception {
        for (String name : List.of("balance-flow", "daily-summary", "operations")) {
            var response = download(name, "csv");
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains(".csv");
            assertThat(parseCsv(new String(response.body(), StandardCharsets.UTF_8))).isEqualTo(apiCells(report(name)));
        }
    }

    @Test
    void csvExportNeutralisesAFormulaInAGameName() throws Exception {
        String text = new String(download("profit-by-game", "csv").body(), StandardCharsets.UTF_8);
        List<List<String>> records = parseCsv(text);
        int game = records.get(0).indexOf("game");
        List<String> evilRow = records.stream().filter(r -> r.get(game).contains("HYPERLINK")).findFirst().orElseThrow();
        assertThat(evilRow.get(game)).isEqualTo("'" + EVIL_GAME);
        for (List<String> record : records) {
            for (String field : record) {
                assertThat(field).as("no field may start a formula").doesNotStartWith("=").doesNotStartWith("@")
                        .doesNotStartWith("+");
            }
        }
        // Negative figures stay numbers: only text is prefixed.
        assertThat(CsvField.of(-500L)).isEqualTo("-500");
    }

    /** Reaches the package-private field formatter of the CSV writer through its public API. */
    static final class CsvField {
        static String of(Object value) throws IOException {
            StringWriter out = new StringWriter();
            new teller.server.export.CsvWriter(out).row(List.of(value));
            return out.toString().replace("\r\n", "");
        }
    }

    private static List<List<Cell>> sheet(byte[] xlsx) throws IOException {
        try (var workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx));
             var rows = workbook.getFirstSheet().openStream()) {
            List<List<Cell>> cells = new ArrayList<>();
            rows.forEach((Row row) -> {
                List<Cell> line = new ArrayList<>();
                for (int i = 0; i < row.getCellCount(); i++) {
                    line.add(row.getCell(i));
                }
                cells.add(line);
            });
            return cells;
        }
    }

    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        return cell.getType() == CellType.NUMBER ? cell.asNumber().toPlainString() : cell.getText();
    }

    @Test
    void xlsxExportReadsBackAsTheApiFigures() throws Exception {
        for (String name : List.of("balance-flow", "profit-by-game", "operations")) {
            List<List<Cell>> cells = sheet(download(name, "xlsx").body());
            List<List<String>> texts = cells.stream().map(r -> r.stream().map(ReportsApiTest::text).toList()).toList();
            List<List<String>> expected = apiCells(report(name)).stream()
                    .map(r -> r.stream().map(v -> v.startsWith("=") ? "'" + v : v).toList()).toList();
            assertThat(texts).isEqualTo(expected);
            // Figures are numbers in the sheet, not text.
            if (cells.size() > 1) {
                assertThat(cells.get(1).get(cells.get(1).size() - 1).getType()).isEqualTo(CellType.NUMBER);
            }
        }
    }

    @Test
    void xlsxExportNeverWritesAFormulaCell() throws Exception {
        List<List<Cell>> cells = sheet(download("profit-by-game", "xlsx").body());
        int game = cells.get(0).stream().map(Cell::getText).toList().indexOf("game");
        Cell evil = cells.stream().skip(1).map(r -> r.get(game)).filter(c -> c.getText().contains("HYPERLINK"))
                .findFirst().orElseThrow();
        assertThat(evil.getType()).isEqualTo(CellType.STRING);
        assertThat(evil.getText()).isEqualTo("'" + EVIL_GAME);
        for (List<Cell> row : cells) {
            for (Cell cell : row) {
                if (cell != null) {
                    assertThat(cell.getType()).isNotEqualTo(CellType.FORMULA);
                }
            }
        }
    }

    @Test
    void jsonExportIsTheApiReport() throws Exception {
        JsonNode file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(download("balance-flow", "json").body());
        JsonNode api = report("balance-flow");
        assertThat(file.get("rows")).isEqualTo(api.get("rows"));
        assertThat(file.get("summary")).isEqualTo(api.get("summary"));
        assertThat(file.get("columns")).isEqualTo(api.get("columns"));
    }

    @Test
    void cliExportWritesTheSameFiguresAsTheApi() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", databaseUrl);
        env.put("TELLER_DATA_DIR", Files.createDirectories(files.resolve("cli-data")).toString());
        Path csv = files.resolve("summary.csv");
        Path json = files.resolve("summary.json");
        for (String[] args : List.of(
                new String[] {"export", "--report", "daily-summary", "--format", "csv", "--from",
                        today.minusDays(1).toString(), "--to", today.plusDays(1).toString(), "--out", csv.toString()},
                new String[] {"export", "--report", "daily-summary", "--format", "json", "--from",
                        today.minusDays(1).toString(), "--to", today.plusDays(1).toString(), "--out", json.toString()})) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            var commandLine = Main.commandLine(env);
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            assertThat(commandLine.execute(args)).as(err.toString()).isZero();
        }
        JsonNode api = report("daily-summary");
        assertThat(parseCsv(Files.readString(csv))).isEqualTo(apiCells(api));
        JsonNode file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertThat(file.get("rows")).isEqualTo(api.get("rows"));
    }

    @Test
    void cliExportRefusesAnUnknownReport() {
        StringWriter err = new StringWriter();
        var commandLine = Main.commandLine(Map.of("DATABASE_URL", databaseUrl,
                "TELLER_DATA_DIR", files.resolve("cli-refused").toString()));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute("export", "--report", "nonsense", "--format", "csv", "--out",
                files.resolve("x.csv").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(files.resolve("x.csv")).doesNotExist();
    }

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
