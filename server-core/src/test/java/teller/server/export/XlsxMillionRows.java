package teller.server.export;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM with a small heap by {@link XlsxStreamingTest}: writes {@code rows} generated
 * rows to an XLSX file through {@link XlsxWriter}, either streamed from an iterator ("stream") or
 * first collected in a list ("buffered", the control that must run out of memory), and prints
 * {@code rows=<n> millis=<t> peakHeapBytes=<p>}.
 */
public final class XlsxMillionRows {
    static final List<String> COLUMNS = List.of("day", "currency", "game", "count", "amount", "player");

    private XlsxMillionRows() {
    }

    /** Row {@code i}: the same on every call, so a reader can check any row it samples. */
    static List<Object> row(long i) {
        return List.of(LocalDate.of(2020, 1, 1).plusDays(i % 3_650).toString(), i % 2 == 0 ? "USD" : "EUR",
                "game-" + (i % 97), i, i * 100 + 7, "player-" + i);
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        boolean buffered = args.length > 2 && "buffered".equals(args[2]);
        Iterator<List<Object>> source = new Iterator<>() {
            long next;

            @Override
            public boolean hasNext() {
                return next < rows;
            }

            @Override
            public List<Object> next() {
                return row(next++);
            }
        };
        if (buffered) {
            List<List<Object>> all = new ArrayList<>();
            source.forEachRemaining(all::add);
            source = all.iterator();
        }
        long started = System.nanoTime();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            XlsxWriter.write("million", COLUMNS, source, () -> Map.of("rows", rows), out);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("rows=" + rows + " millis=" + millis + " peakHeapBytes=" + peak
                + " maxHeapBytes=" + Runtime.getRuntime().maxMemory() + " fileBytes=" + Files.size(file));
    }
}
