package teller.ui.common;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where view models run work: blocking I/O on {@code background}, results applied on {@code ui}
 * (the FX thread in the app, see {@link FxExecutors}). Tests pass {@link #inline()} so a command
 * has finished, results applied, when it returns.
 */
public final class UiExecutors {
    private final Executor background;
    private final Executor ui;
    private final Consumer<Throwable> failureObserver;

    public UiExecutors(Executor background, Executor ui) {
        this(background, ui, failure -> { });
    }

    private UiExecutors(Executor background, Executor ui, Consumer<Throwable> failureObserver) {
        this.background = Objects.requireNonNull(background);
        this.ui = Objects.requireNonNull(ui);
        this.failureObserver = Objects.requireNonNull(failureObserver);
    }

    /**
     * The same threads, and {@code observer} sees every failure (on the UI thread) before the
     * caller's own {@code onFailure}: how the console notices an ended session whatever screen's
     * call met it.
     */
    public UiExecutors observingFailures(Consumer<Throwable> observer) {
        Objects.requireNonNull(observer);
        Consumer<Throwable> previous = failureObserver;
        return new UiExecutors(background, ui, failure -> {
            previous.accept(failure);
            observer.accept(failure);
        });
    }

    /** Runs everything on the calling thread: for view-model tests without an FX thread. */
    public static UiExecutors inline() {
        return new UiExecutors(Runnable::run, Runnable::run);
    }

    /** Runs {@code action} on the UI thread: progress of background work, an event from a stream's own thread. */
    public void onUi(Runnable action) {
        ui.execute(action);
    }

    /**
     * Runs {@code work} in the background, then {@code onSuccess} or {@code onFailure} on the UI
     * thread. Every failure reaches {@code onFailure}: nothing is swallowed.
     */
    public <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        background.execute(() -> {
            T result;
            try {
                result = work.call();
            } catch (Throwable failure) {
                ui.execute(() -> {
                    failureObserver.accept(failure);
                    onFailure.accept(failure);
                });
                return;
            }
            ui.execute(() -> onSuccess.accept(result));
        });
    }
}
