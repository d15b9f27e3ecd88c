package teller.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import teller.server.ServerCore;
import teller.server.support.TestServer;

/**
 * The desktop's benchmark (issues 12 and 14, docs/benchmarks.md "Desktop: the queue under load"), not part of
 * {@code ./teller test} (its name does not end in Test): {@code ./teller bench-desktop}.
 *
 * <p>Against a real server holding {@code bench.pending} pending orders (default 100,000), on a real (Monocle)
 * scene, it measures
 * <ul>
 *   <li>sign-in to a usable queue: Connect (Enter) pressed, the password typed before, until the queue shows its
 *       first page of the oldest orders and Refresh is enabled (the console window, its FXML and the queue screen
 *       are loaded cold within this; the queue is opened by firing its navigation button, as Ctrl+2 does), and
 *       until the console shows (signInToConsoleMs);</li>
 *   <li>paging: {@code bench.pages} presses of "Load more", each until the page is in the table;</li>
 *   <li>live load: {@code bench.eventsPerSecond} new orders per second (default 200, each an ORDER_CREATED on the
 *       live stream that the queue applies, decision 0195) for {@code bench.seconds} (default 60).</li>
 * </ul>
 * During each phase a probe thread posts a no-op to the FX thread, waits for it and posts again every 2 ms; the
 * time a post waited is how long the FX thread was busy with something else. The longest and the p99 wait of each
 * phase are the FX-thread stall figures. Results go to stdout and to {@code app/target/desktop-bench.json}.
 */
@ExtendWith(ApplicationExtension.class)
class DesktopQueueBench {
    private static final int PENDING = setting("bench.pending", 100_000);
    private static final int PAGES = setting("bench.pages", 20);
    private static final int EVENTS_PER_SECOND = setting("bench.eventsPerSecond", 200);
    private static final int SECONDS = setting("bench.seconds", 60);
    private static final int PLAYERS = 2_000;
    private static final int SEED_THREADS = 4;

    static ServerCore server;
    static Seed seed;

    private static int setting(String name, int fallback) {
        String value = System.getProperty(name, System.getenv(name.replace('.', '_').toUpperCase(Locale.ROOT)));
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    @BeforeAll
    static void startServerWithABusyQueue() throws Exception {
        server = TestServer.start();
        seed = new Seed(server);
        long started = System.nanoTime();
        IntStream.range(0, PLAYERS).parallel().forEach(p -> seed.player("bench-p" + p, "bench.player" + p, 0));
        AtomicInteger made = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(SEED_THREADS);
        for (int t = 0; t < SEED_THREADS; t++) {
            int thread = t;
            pool.submit(() -> {
                for (int i = thread; i < PENDING; i += SEED_THREADS) {
                    seed.order("DEPOSIT", "bench-p" + (i % PLAYERS), 100 + i % 5_000, null);
                    int n = made.incrementAndGet();
                    if (n % 10_000 == 0) {
                        System.out.printf("seeded %,d of %,d pending orders%n", n, PENDING);
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("seeding did not finish in 30 minutes");
        }
        System.out.printf("seeded %,d players and %,d pending orders in %.0f s%n", PLAYERS, made.get(),
                (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        stage.setWidth(1280);
        stage.setHeight(800);
        TestConsole.show(stage, server);
    }

    @Test
    void queueUnderLoad(FxRobot robot) throws Exception {
        try (FxStallProbe probe = FxStallProbe.start()) {
            // Sign-in to a usable queue: from Connect (Enter) pressed, the password already typed by the robot (its
            // typing, 25 ms a character and a wait for the FX thread after each, is the robot's time, not the app's).
            FxWait.fillRemote(robot, server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
            robot.interact(() -> { });
            probe.phase();
            long signIn = System.nanoTime();
            robot.type(KeyCode.ENTER);
            FxWait.until(() -> robot.lookup("#nav-queue").match(Node::isVisible).tryQuery().isPresent(),
                    "the console shows");
            double consoleMs = (System.nanoTime() - signIn) / 1e6;
            // The queue as Ctrl+2 or a click opens it (fired, not clicked: the robot's mouse moves take their own time).
            robot.interact(() -> robot.lookup("#nav-queue").match(Node::isVisible).queryAs(ToggleButton.class).fire());
            FxWait.until(() -> robot.lookup("#queueTable").tryQuery().isPresent()
                    && FxWait.fx(() -> !table(robot).getItems().isEmpty()
                    && !robot.lookup("#refresh").queryAs(Button.class).isDisabled()), "the queue shows its first page");
            double signInMs = (System.nanoTime() - signIn) / 1e6;
            FxStallProbe.Phase opening = probe.phase();

            // Paging.
            long pagingStarted = System.nanoTime();
            int pages = 0;
            for (; pages < PAGES; pages++) {
                int before = FxWait.fx(() -> table(robot).getItems().size());
                boolean more = FxWait.fx(() -> robot.lookup("#loadMore").queryAs(Button.class).isVisible());
                if (!more) {
                    break;
                }
                robot.interact(() -> robot.lookup("#loadMore").queryAs(Button.class).fire());
                FxWait.until(() -> FxWait.fx(() -> table(robot).getItems().size()) > before, "page " + (pages + 2));
            }
            double perPageMs = pages == 0 ? 0 : (System.nanoTime() - pagingStarted) / 1e6 / pages;
            int rowsAfterPaging = FxWait.fx(() -> table(robot).getItems().size());
            FxStallProbe.Phase paging = probe.phase();

            // Live load: new orders at a steady rate, each one an event the console reacts to.
            FxWait.live(robot);
            probe.phase();
            long events = streamOrders();
            FxStallProbe.Phase live = probe.phase();

            String json = String.format(Locale.ROOT, "{\"pendingOrders\": %d, \"signInToConsoleMs\": %.0f,"
                            + " \"signInToUsableQueueMs\": %.0f,"
                            + " \"opening\": %s, \"paging\": {\"pages\": %d, \"rows\": %d, \"perPageMs\": %.0f, \"fx\": %s},"
                            + " \"live\": {\"eventsPerSecondTarget\": %d, \"seconds\": %d, \"orders\": %d, \"fx\": %s}}",
                    PENDING, consoleMs, signInMs, opening.json(), pages, rowsAfterPaging, perPageMs, paging.json(),
                    EVENTS_PER_SECOND, SECONDS, events, live.json());
            System.out.println("desktop bench: " + json);
            Path out = Path.of("target", "desktop-bench.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, json + System.lineSeparator());
        }
    }

    /** Submits {@link #EVENTS_PER_SECOND} orders a second for {@link #SECONDS}, spread over 50 ms ticks. */
    private static long streamOrders() throws InterruptedException {
        AtomicLong made = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(4);
        var ticker = Executors.newSingleThreadScheduledExecutor();
        int perTick = Math.max(1, EVENTS_PER_SECOND / 20);
        AtomicInteger next = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            for (int i = 0; i < perTick; i++) {
                int n = next.getAndIncrement();
                workers.submit(() -> {
                    seed.order("DEPOSIT", "bench-p" + (n % PLAYERS), 7_00, null);
                    made.incrementAndGet();
                });
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        ticker.awaitTermination(SECONDS, TimeUnit.SECONDS);
        ticker.shutdownNow();
        workers.shutdown();
        workers.awaitTermination(1, TimeUnit.MINUTES);
        return made.get();
    }

    private static TableView<?> table(FxRobot robot) {
        return robot.lookup("#queueTable").queryAs(TableView.class);
    }

    /** Measures how long posts to the FX thread wait: the FX thread's stalls. */
    static final class FxStallProbe implements AutoCloseable {
        private final List<Long> waits = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean running = true;
        private final Thread thread;

        private FxStallProbe() {
            thread = new Thread(this::run, "fx-stall-probe");
            thread.setDaemon(true);
        }

        static FxStallProbe start() {
            FxStallProbe probe = new FxStallProbe();
            probe.thread.start();
            return probe;
        }

        private void run() {
            while (running) {
                long posted = System.nanoTime();
                CountDownLatch ran = new CountDownLatch(1);
                Platform.runLater(() -> {
                    waits.add(System.nanoTime() - posted);
                    ran.countDown();
                });
                try {
                    ran.await();
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private long gcMillisBefore = gcMillis();
        private long gcCountBefore = gcCount();

        /**
         * The waits since the last call, and a new phase from now. The server shares this JVM: the time its
         * collections stopped every thread (the FX thread too) in the phase is given beside the stalls.
         */
        Phase phase() {
            List<Long> taken;
            synchronized (waits) {
                taken = new ArrayList<>(waits);
                waits.clear();
            }
            Collections.sort(taken);
            long gcMillisNow = gcMillis();
            long gcCountNow = gcCount();
            Phase phase = new Phase(taken, gcMillisNow - gcMillisBefore, gcCountNow - gcCountBefore);
            gcMillisBefore = gcMillisNow;
            gcCountBefore = gcCountNow;
            return phase;
        }

        private static long gcMillis() {
            return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
        }

        private static long gcCount() {
            return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(gc -> Math.max(0, gc.getCollectionCount())).sum();
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }

        record Phase(List<Long> sortedWaitsNanos, long gcMillis, long gcCount) {
            double maxMs() {
                return sortedWaitsNanos.isEmpty() ? 0 : sortedWaitsNanos.get(sortedWaitsNanos.size() - 1) / 1e6;
            }

            double p99Ms() {
                if (sortedWaitsNanos.isEmpty()) {
                    return 0;
                }
                int index = (int) Math.ceil(sortedWaitsNanos.size() * 0.99) - 1;
                return sortedWaitsNanos.get(Math.max(0, index)) / 1e6;
            }

            String json() {
                return String.format(Locale.ROOT, "{\"samples\": %d, \"longestStallMs\": %.1f, \"p99StallMs\": %.1f,"
                                + " \"gcMs\": %d, \"gcCount\": %d}",
                        sortedWaitsNanos.size(), maxMs(), p99Ms(), gcMillis, gcCount);
            }
        }
    }
}
