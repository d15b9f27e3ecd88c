package teller.server.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the heap in use every {@link #SAMPLE_MILLIS} ms and keeps the peak (server and clients share it). */
final class HeapSampler implements AutoCloseable {
    static final long SAMPLE_MILLIS = 100;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "events-bench-heap");
        thread.setDaemon(true);
        return thread;
    });

    HeapSampler() {
        timer.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    long peakBytes() {
        return Math.max(peak.get(), memory.getHeapMemoryUsage().getUsed());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
