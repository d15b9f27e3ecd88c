package teller.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XLSX writer keeps memory flat: a child JVM with a 64 MB heap writes a million rows and
 * succeeds, while the same rows collected in a list first run that heap out (so the limit is
 * tight enough to catch a writer that buffered). A sample of the file is read back.
 */
class XlsxStreamingTest {
    static final long ROWS = 1_000_000;
    static final String HEAP = "-Xmx64m";
    private static final long CHILD_WAIT_SECONDS = 240;

    @TempDir
    Path dir;

    record Child(int exit, String out, String err) {
    }

    private Child run(Path file, String mode) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), HEAP, "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), XlsxMillionRows.class.getName(), file.toString(),
                Long.toString(ROWS), mode));
        Path out = dir.resolve(mode + ".out");
        Path err = dir.resolve(mode + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(CHILD_WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not finish within " + CHILD_WAIT_SECONDS + " s");
        }
        return new Child(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aMillionRowsStreamInA64MegabyteHeapAndReadBack() throws Exception {
        Path file = dir.resolve("million.xlsx");
        Child child = run(file, "stream");
        assertThat(child.exit()).as(child.err()).isZero();
        Matcher m = Pattern.compile("rows=(\\d+) millis=(\\d+) peakHeapBytes=(\\d+)").matcher(child.out());
        assertThat(m.find()).as(child.out()).isTrue();
        // The figures for docs/benchmarks.md.
        System.out.println("XLSX streaming: " + child.out().strip());
        assertThat(Long.parseLong(m.group(1))).isEqualTo(ROWS);
        assertThat(Long.parseLong(m.group(3))).isLessThanOrEqualTo(64L * 1024 * 1024);

        long[] seen = {0};
        try (var workbook = new ReadableWorkbook(file.toFile()); var rows = workbook.getFirstSheet().openStream()) {
            rows.forEach((Row row) -> {
                long index = row.getRowNum() - 2;
                if (index >= 0 && (index % 99_991 == 0 || index == ROWS - 1)) {
                    List<Object> expected = XlsxMillionRows.row(index);
                    assertThat(row.getCell(0).getText()).isEqualTo(expected.get(0));
                    assertThat(row.getCell(2).getText()).isEqualTo(expected.get(2));
                    assertThat(row.getCell(4).asNumber().longValueExact()).isEqualTo(expected.get(4));
                    assertThat(row.getCell(5).getText()).isEqualTo(expected.get(5));
                }
                seen[0]++;
            });
        }
        assertThat(seen[0]).isEqualTo(ROWS + 1);
    }

    @Test
    void theSameRowsCollectedInAListRunThatHeapOutOfMemory() throws Exception {
        Child child = run(dir.resolve("buffered.xlsx"), "buffered");
        assertThat(child.exit()).isNotZero();
        assertThat(child.err()).contains("OutOfMemoryError");
    }
}
