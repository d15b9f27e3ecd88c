package teller.ui.console;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import javafx.animation.PauseTransition;
import javafx.event.EventHandler;
import javafx.scene.Scene;
import javafx.scene.input.InputEvent;

/**
 * Calls {@code onIdle} once when a scene has had no mouse, key, scroll or touch input for
 * {@code timeout}. Input only records a time stamp; the timer wakes up at most once per timeout
 * (then again for the rest of it), so a moving mouse costs nothing but a field write.
 */
public final class IdleWatch {
    private final Duration timeout;
    private final Runnable onIdle;
    private final LongSupplier nanoTime;
    private final PauseTransition timer = new PauseTransition();
    private final EventHandler<InputEvent> onInput = event -> touch();
    private Scene scene;
    private long lastInputNanos;

    public IdleWatch(Duration timeout, Runnable onIdle) {
        this(timeout, onIdle, System::nanoTime);
    }

    IdleWatch(Duration timeout, Runnable onIdle, LongSupplier nanoTime) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        this.onIdle = Objects.requireNonNull(onIdle);
        this.nanoTime = nanoTime;
        timer.setOnFinished(event -> check());
    }

    /** Starts watching {@code watched}'s input; the idle time starts now. Call on the FX thread. */
    public void start(Scene watched) {
        stop();
        scene = watched;
        scene.addEventFilter(InputEvent.ANY, onInput);
        touch();
        schedule(timeout.toNanos());
    }

    /** Stops watching; {@code onIdle} is not called after this. */
    public void stop() {
        timer.stop();
        if (scene != null) {
            scene.removeEventFilter(InputEvent.ANY, onInput);
            scene = null;
        }
    }

    public Duration timeout() {
        return timeout;
    }

    private void touch() {
        lastInputNanos = nanoTime.getAsLong();
    }

    private void check() {
        if (scene == null) {
            return;
        }
        long idleNanos = nanoTime.getAsLong() - lastInputNanos;
        if (idleNanos >= timeout.toNanos()) {
            stop();
            onIdle.run();
        } else {
            schedule(timeout.toNanos() - idleNanos);
        }
    }

    private void schedule(long nanos) {
        timer.setDuration(javafx.util.Duration.millis(Math.max(1, nanos / 1_000_000.0)));
        timer.playFromStart();
    }
}
