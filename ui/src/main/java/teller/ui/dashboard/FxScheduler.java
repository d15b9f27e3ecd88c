package teller.ui.dashboard;

import java.time.Duration;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;

/** A {@link Scheduler} on the FX thread: a timeline that repeats until closed. */
public final class FxScheduler implements Scheduler {
    @Override
    public Timer every(Duration period, Runnable tick) {
        Timeline timeline = new Timeline(new KeyFrame(javafx.util.Duration.millis(period.toMillis()), e -> tick.run()));
        timeline.setCycleCount(Timeline.INDEFINITE);
        timeline.play();
        return timeline::stop;
    }
}
