package teller.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export path of the API and the CLI ({@link ReportService#export} into the exporter) holds
 * no report in memory: a million-row balance flow exports as CSV and JSON in a 32 MB heap, while
 * building the same report first ({@code report()}, as the JSON API answer does) runs that heap out.
 */
class ExportStreamingTest {
    static final long ROWS = 1_000_000;
    /** Half the heap of the XLSX proof: the report rows are bigger, and a smaller heap runs out sooner. */
    static final String HEAP = "-Xmx32m";
    private static final long CHILD_WAIT_SECONDS = 240;

    @TempDir
    Path dir;

    record Child(int exit, String out, String err) {
    }

    private Child run(Path file, String format, String mode) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = dir.resolve(format + mode + ".out");
        Path err = dir.resolve(format + mode + ".err");
        Process process = new ProcessBuilder(List.of(java.toString(), HEAP, "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), ExportStreamingChild.class.getName(), file.toString(),
                Long.toString(ROWS), format, mode))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(CHILD_WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not finish within " + CHILD_WAIT_SECONDS + " s");
        }
        return new Child(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aMillionRowBalanceFlowExportsAsCsvInA32MegabyteHeap() throws Exception {
        Path file = dir.resolve("flow.csv");
        Child child = run(file, "csv", "streamed");
        assertThat(child.exit()).as(child.err()).isZero();
        assertThat(child.out()).contains("rows=" + ROWS);
        long lines = 0;
        String last = null;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (lines == 1) {
                    // Human headers and amounts in dollars with cents (issue 16).
                    assertThat(line).isEqualTo("1000-01-01,USD,2,10.00,1,3.00,0.00,0.00,7.00");
                }
                last = line;
                lines++;
            }
        }
        assertThat(lines).isEqualTo(ROWS + 1);
        long i = ROWS - 1;
        assertThat(last).endsWith(",USD,2," + java.math.BigDecimal.valueOf(1_000 + i, 2) + ",1,3.00,0.00,0.00,"
                + java.math.BigDecimal.valueOf(700 + i, 2));
    }

    @Test
    void aMillionRowBalanceFlowExportsAsJsonInA32MegabyteHeap() throws Exception {
        Path file = dir.resolve("flow.json");
        Child child = run(file, "json", "streamed");
        assertThat(child.exit()).as(child.err()).isZero();
        assertThat(child.out()).contains("rows=" + ROWS);
        // The summary comes after the rows and adds up all of them: sum of (700 + i) for i < ROWS.
        long net = 700 * ROWS + ROWS * (ROWS - 1) / 2;
        String tail;
        try (var channel = Files.newByteChannel(file)) {
            long size = channel.size();
            channel.position(Math.max(0, size - 400));
            var buffer = java.nio.ByteBuffer.allocate(400);
            channel.read(buffer);
            tail = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
        assertThat(tail.replaceAll("\\s", "")).contains("\"summary\":{\"netFlowByCurrency\":{\"USD\":" + net + "}}");
    }

    @Test
    void buildingTheSameReportInMemoryFirstRunsThatHeapOut() throws Exception {
        Child child = run(dir.resolve("collected.csv"), "csv", "collected");
        assertThat(child.exit()).isNotZero();
        assertThat(child.err()).contains("OutOfMemoryError");
    }
}
