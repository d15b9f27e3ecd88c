package teller.ui.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;

/** The production {@link UiExecutors}: a small pool of daemon threads for I/O, results on the FX thread. */
public final class FxExecutors {
    /** A console issues a handful of calls at once (queue page, order, player); more would only queue at the server. */
    private static final int BACKGROUND_THREADS_MAX = 4;
    private static final long IDLE_SECONDS = 30;

    private FxExecutors() {
    }

    public static UiExecutors create() {
        return new UiExecutors(backgroundPool(), FxExecutors::runOnFxThread);
    }

    static ExecutorService backgroundPool() {
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(BACKGROUND_THREADS_MAX, BACKGROUND_THREADS_MAX, IDLE_SECONDS,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "teller-ui-io-" + counter.incrementAndGet());
                    // Daemon: a call still waiting on a slow server must not keep the closed app alive.
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static void runOnFxThread(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }
}
