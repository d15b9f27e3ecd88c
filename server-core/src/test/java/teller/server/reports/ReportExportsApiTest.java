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
}
