package teller.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import teller.server.Main;
import teller.server.export.PeopleCells;

/**
 * Report exports (CSV, XLSX, JSON, from the API and the CLI) read back and held against the API's
 * figures, on the hand-counted data of {@link ReportsFixture}.
 */
class ReportExportsApiTest extends ReportsFixture {

    // ---------------------------------------------------------------- exports

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

    /**
     * The API report as the text a file for people holds, cell by cell (header first): human headers,
     * amounts of the API's minor units in major units with the currency's decimals.
     */
    private static List<List<String>> apiCells(JsonNode report) {
        String name = report.get("name").asText();
        List<List<String>> cells = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        report.get("columns").forEach(c -> columns.add(c.asText()));
        cells.add(PeopleCells.headers(columns));
        for (JsonNode row : report.get("rows")) {
            List<String> values = new ArrayList<>();
            for (String column : columns) {
                JsonNode v = row.get(column);
                if (v.isIntegralNumber() && PeopleCells.isMoney(name, column)) {
                    values.add(java.math.BigDecimal.valueOf(v.asLong(), 2).toPlainString());
                } else {
                    values.add(v.isNumber() ? v.decimalValue().toPlainString() : v.asText());
                }
            }
            cells.add(values);
        }
        return cells;
    }

    @Test
    void csvForPeopleHasHumanHeadersAndAmountsInDollarsWithCents() throws Exception {
        List<List<String>> records = parseCsv(new String(download("balance-flow", "csv").body(), StandardCharsets.UTF_8));
        assertThat(records.get(0)).startsWith("Period", "Currency", "Deposits (count)", "Deposits");
        assertThat(records.get(0)).contains("Net flow", "Voided deposits");
        int deposits = records.get(0).indexOf("Deposits");
        java.math.BigDecimal total = records.stream().skip(1).map(r -> new java.math.BigDecimal(r.get(deposits)))
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
        // 10,000 + 5,000 + 400 cents, as the screen and the PDF print them: 154.00, not 15400.
        assertThat(total.toPlainString()).isEqualTo("154.00");
        assertThat(records.get(1).get(deposits)).matches("\\d+\\.\\d{2}");
    }

    @Test
    void xlsxAmountsAreNumbersWithANumberFormatAndTheSummaryHasACurrencyColumn() throws Exception {
        byte[] xlsx = download("balance-flow", "xlsx").body();
        try (var workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx),
                new org.dhatim.fastexcel.reader.ReadingOptions(true, false))) {
            List<Row> rows = workbook.getFirstSheet().read();
            int deposits = -1;
            for (int c = 0; c < rows.get(0).getCellCount(); c++) {
                if ("Deposits".equals(rows.get(0).getCell(c).getText())) {
                    deposits = c;
                }
            }
            assertThat(deposits).as("a 'Deposits' header").isNotNegative();
            Cell amount = rows.get(1).getCell(deposits);
            assertThat(amount.getType()).isEqualTo(CellType.NUMBER);
            assertThat(amount.asNumber().scale()).isEqualTo(2);
            assertThat(amount.getDataFormatString()).isEqualTo("#,##0.00");

            List<Row> summary = workbook.getSheets().filter(s -> s.getName().equals("summary")).findFirst()
                    .orElseThrow().read();
            assertThat(summary.get(0).getCell(0).getText()).isEqualTo("Figure");
            assertThat(summary.get(0).getCell(1).getText()).isEqualTo("Currency");
            Row netFlow = summary.stream().filter(r -> "Net flow by currency".equals(r.getCell(0).getText()))
                    .findFirst().orElseThrow(() -> new AssertionError("no net flow line in the summary sheet"));
            assertThat(netFlow.getCell(1).getText()).isEqualTo("USD");
            assertThat(netFlow.getCell(2).asNumber()).isEqualByComparingTo("130.00");
            for (Row row : summary) {
                for (int c = 0; c < row.getCellCount(); c++) {
                    Cell cell = row.getCell(c);
                    assertThat(cell == null ? "" : cell.getText()).as("no Java map in a cell").doesNotContain("{");
                }
            }
        }
    }

    @Test
    void jsonStaysInMinorUnitsAndSaysSo() throws Exception {
        JsonNode file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(download("balance-flow", "json").body());
        assertThat(file.get("amountUnit").asText()).isEqualTo("minor");
        assertThat(file.at("/summary/netFlowByCurrency/USD").asLong()).isEqualTo(13_000);
    }

    @Test
    void weeklyAndMonthlyPeriodsAreNamedInTheCsv() throws Exception {
        assertThat(PeopleCells.period("2026-11-30", Granularity.WEEK)).isEqualTo("2026-W49");
        assertThat(PeopleCells.period("2026-12-01", Granularity.MONTH)).isEqualTo("2026-12");
        assertThat(PeopleCells.period("2026-12-28", Granularity.WEEK)).isEqualTo("2026-W53");
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(fixture.server.baseUrl()
                        + "/api/v1/reports/balance-flow/export?format=csv&granularity=month&" + range))
                .header("Authorization", "Bearer " + fixture.admin.token()).GET().build();
        String text = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        List<List<String>> records = parseCsv(text);
        for (List<String> record : records.subList(1, records.size())) {
            assertThat(record.get(0)).matches("\\d{4}-\\d{2}");
        }
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
        int game = records.get(0).indexOf("Game");
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
            List<List<String>> texts = cells.stream().map(r -> r.stream().map(ReportExportsApiTest::text).toList()).toList();
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
        int game = cells.get(0).stream().map(Cell::getText).toList().indexOf("Game");
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
}
