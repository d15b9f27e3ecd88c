package teller.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;

/** Every text a spreadsheet would run as a formula lands in the sheet as plain, neutralised text. */
class XlsxFormulaInjectionTest {
    private static final List<String> CRAFTED = List.of("=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
            "\t=HYPERLINK(\"http://evil.example\")", "\r=1", "=HYPERLINK(\"http://evil.example\",\"x\")");

    @Test
    void everyFormulaTriggerIsWrittenAsTextWithALeadingApostrophe() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (String text : CRAFTED) {
            rows.add(List.of(text, -500L));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XlsxWriter.write("crafted", List.of("game", "amount"), rows.iterator(), Map::of, out);

        List<Row> read = new ArrayList<>();
        try (var workbook = new ReadableWorkbook(new ByteArrayInputStream(out.toByteArray()));
             var stream = workbook.getFirstSheet().openStream()) {
            stream.forEach(read::add);
        }
        assertThat(read).hasSize(CRAFTED.size() + 1);
        for (int i = 0; i < CRAFTED.size(); i++) {
            Row row = read.get(i + 1);
            assertThat(row.getCell(0).getType()).isEqualTo(CellType.STRING);
            assertThat(row.getCell(0).getText()).isEqualTo("'" + CRAFTED.get(i));
            assertThat(row.getCell(0).getRawValue()).doesNotStartWith("=");
            // A negative amount is a number, not text to neutralise.
            assertThat(row.getCell(1).getType()).isEqualTo(CellType.NUMBER);
            assertThat(row.getCell(1).asNumber().longValueExact()).isEqualTo(-500L);
        }
    }
}
