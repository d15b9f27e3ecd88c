package teller.ui.dashboard;

import java.time.Duration;

/** Runs a task again and again on the UI thread; a timeline in the console, by hand in tests. */
@FunctionalInterface
public interface Scheduler {
    /** Starts running {@code tick} every {@code period}; closing the result stops it. */
    Timer every(Duration period, Runnable tick);

    /** A running repetition; stopping it cannot fail. */
    interface Timer extends AutoCloseable {
        @Override
        void close();
    }
}
