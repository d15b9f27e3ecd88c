package teller.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import teller.server.reports.Granularity;
import teller.server.reports.Report;

/** The PDF layout on synthetic reports: pagination, repeated header, exact totals, names in any script. */
class PdfWriterTest {
    private static final List<String> COLUMNS = List.of("period", "currency", "depositCount", "deposits",
            "withdrawalCount", "withdrawals", "voidedDeposits", "voidedWithdrawals", "netFlow");

    private static Report balanceFlow(int rows, long deposit) {
        List<List<Object>> table = new ArrayList<>();
        LocalDate day = LocalDate.of(2020, 1, 1);
        for (int i = 0; i < rows; i++) {
            table.add(List.of(day.plusDays(i).toString(), "USD", 1L, deposit, 0L, 0L, 0L, 0L, deposit));
        }
        return new Report("balance-flow", day, day.plusDays(rows - 1L), Granularity.DAY, Instant.parse("2026-11-23T10:00:00Z"),
                COLUMNS, table, Map.of("netFlowByCurrency", Map.of("USD", deposit * rows)));
    }

    static byte[] pdf(Report report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfWriter.write(report, out);
        return out.toByteArray();
    }

    static String text(PDDocument document, int page) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        return stripper.getText(document);
    }

    @Test
    void aLongTableRunsOverPagesWithTheHeaderRowOnEveryPage() throws IOException {
        Report report = balanceFlow(400, 1_999L);
        try (PDDocument document = Loader.loadPDF(pdf(report))) {
            assertThat(document.getNumberOfPages()).isGreaterThan(3);
            int rowsSeen = 0;
            for (int p = 1; p <= document.getNumberOfPages(); p++) {
                String page = text(document, p);
                long rows = page.lines().filter(l -> l.matches("\\d{4}-\\d{2}-\\d{2} USD 1 19\\.99 .*")).count();
                if (rows > 0) {
                    assertThat(page).as("page %d repeats the header row", p).contains("period currency depositCount deposits");
                }
                assertThat(page).contains("Page " + p);
                rowsSeen += (int) rows;
            }
            assertThat(rowsSeen).isEqualTo(400);
        }
    }

    @Test
    void totalsAreExactSumsOfMinorUnits() throws IOException {
        // 400 x 19.99 = 7,996.00: a double sum of 19.99 four hundred times would not print that.
        try (PDDocument document = Loader.loadPDF(pdf(balanceFlow(400, 1_999L)))) {
            String last = new PDFTextStripper().getText(document);
            assertThat(last).contains("Total USD 400 7,996.00 0 0.00 0.00 0.00 7,996.00");
            assertThat(last).contains("netFlowByCurrency USD: 7,996.00 USD");
        }
    }

    @Test
    void aTableBeyondTheRowLimitSaysWhereTheRestIs() throws IOException {
        Report report = balanceFlow(105, 1L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfWriter.write(report, out, 100);
        try (PDDocument document = Loader.loadPDF(out.toByteArray())) {
            String last = new PDFTextStripper().getText(document);
            assertThat(last).contains("5 more rows are not printed; the CSV or XLSX export carries all 105.");
            assertThat(last).doesNotContain("2020-04-10 USD").contains("2020-04-09 USD");
        }
    }

    private static Report voidsBy(String... operators) {
        List<List<Object>> rows = new ArrayList<>();
        for (String operator : operators) {
            rows.add(List.of("2026-01-01", "USD", "DEPOSIT", operator, 1L, 250L));
        }
        return new Report("voids", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2), Granularity.DAY,
                Instant.parse("2026-11-23T10:00:00Z"), List.of("period", "currency", "orderType", "voidedBy", "voids", "amount"),
                rows, Map.of("voids", (long) operators.length, "byOperator", Map.of(operators[0], 1L)));
    }

    @Test
    void namesInAnyScriptPrintAndReadBack() throws IOException {
        // Spanish, Russian, Chinese, Korean and Greek names: DejaVu Sans draws the first, second and last; Droid Sans Fallback the CJK.
        byte[] pdf = pdf(voidsBy("Pe\u00f1a", "\u0418\u0432\u0430\u043d", "\u738b\u82b3", "\uae40\ubbfc\uc900", "\u0396\u03c9\u03ae"));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String page = text(document, 1);
            assertThat(page).contains("DEPOSIT Pe\u00f1a 1 2.50")
                    .contains("DEPOSIT \u0418\u0432\u0430\u043d 1 2.50")
                    .contains("DEPOSIT \u738b\u82b3 1 2.50")
                    .contains("DEPOSIT \uae40\ubbfc\uc900 1 2.50")
                    .contains("DEPOSIT \u0396\u03c9\u03ae 1 2.50")
                    .contains("byOperator Pe\u00f1a: 1");
            List<String> fonts = new ArrayList<>();
            for (var name : document.getPage(0).getResources().getFontNames()) {
                var font = document.getPage(0).getResources().getFont(name);
                assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                fonts.add(font.getName());
            }
            assertThat(fonts).anyMatch(f -> f.endsWith("DejaVuSans")).anyMatch(f -> f.endsWith("DejaVuSans-Bold"))
                    .anyMatch(f -> f.contains("DroidSansFallback"));
        }
        assertThat(pdf.length).as("fonts are embedded as subsets of the glyphs used").isLessThan(200_000);
    }

    @Test
    void aLongNameInAnotherScriptIsCutToItsColumn() throws IOException {
        String longName = "\u738b\u82b3".repeat(60) + "\u0418\u0432\u0430\u043d";
        try (PDDocument document = Loader.loadPDF(pdf(voidsBy(longName)))) {
            String row = text(document, 1).lines().filter(l -> l.startsWith("2026-01-01 USD DEPOSIT")).findFirst().orElseThrow();
            assertThat(row).startsWith("2026-01-01 USD DEPOSIT \u738b\u82b3\u738b\u82b3").endsWith("\u2026 1 2.50")
                    .doesNotContain("\u0418\u0432\u0430\u043d");
        }
    }

    @Test
    void aCharacterNoFontHasIsReplacedNotFatal() throws IOException {
        // Thai and Linear B (outside the Basic Multilingual Plane) are in none of the shipped fonts; a tab is a control character.
        Report report = voidsBy("\u0e01\ud800\udc00\tclerk");
        try (PDDocument document = Loader.loadPDF(pdf(report))) {
            String page = text(document, 1);
            assertThat(page).contains("?? clerk").contains("2.50").contains("voids: 1");
        }
    }
}
