package teller.ui.console;

import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import teller.ui.preferences.Preferences;
import teller.ui.preferences.Preferences.WindowBounds;

/**
 * The window's size, position and maximised state across runs. The last bounds it had while not
 * maximised are kept, so that a window closed maximised comes back maximised and un-maximises to
 * where it was. Bounds that no longer meet any screen (a monitor was unplugged) are not restored.
 */
final class WindowPlacement {
    /** How much of the title bar must be on a screen for remembered bounds to be used. */
    private static final double VISIBLE_MIN = 48;

    private final Stage stage;
    // Written on the FX thread, read also by a shutdown hook.
    private volatile double x;
    private volatile double y;
    private volatile double width;
    private volatile double height;
    private final javafx.beans.value.ChangeListener<Object> onMoved = (obs, before, now) -> update();

    private WindowPlacement(Stage stage) {
        this.stage = stage;
    }

    /** Applies the remembered bounds to {@code stage} (before it is shown) and starts tracking it. */
    static WindowPlacement restore(Stage stage, Preferences preferences) {
        WindowPlacement placement = new WindowPlacement(stage);
        preferences.window().filter(WindowPlacement::onSomeScreen).ifPresent(bounds -> {
            stage.setX(bounds.x());
            stage.setY(bounds.y());
            stage.setWidth(Math.max(bounds.width(), stage.getMinWidth()));
            stage.setHeight(Math.max(bounds.height(), stage.getMinHeight()));
            stage.setMaximized(bounds.maximized());
        });
        placement.track();
        return placement;
    }

    private void track() {
        stage.xProperty().addListener(onMoved);
        stage.yProperty().addListener(onMoved);
        stage.widthProperty().addListener(onMoved);
        stage.heightProperty().addListener(onMoved);
        update();
    }

    /** Stops tracking the stage (the console shown in it has ended; the stage may show another). */
    void untrack() {
        stage.xProperty().removeListener(onMoved);
        stage.yProperty().removeListener(onMoved);
        stage.widthProperty().removeListener(onMoved);
        stage.heightProperty().removeListener(onMoved);
    }

    private void update() {
        if (!stage.isMaximized() && !stage.isIconified() && stage.getWidth() > 0 && stage.getHeight() > 0
                && !Double.isNaN(stage.getX())) {
            x = stage.getX();
            y = stage.getY();
            width = stage.getWidth();
            height = stage.getHeight();
        }
    }

    void remember(Preferences preferences) {
        if (width > 0 && height > 0) {
            preferences.rememberWindow(new WindowBounds(x, y, width, height, stage.isMaximized()));
        }
    }

    private static boolean onSomeScreen(WindowBounds bounds) {
        Rectangle2D titleBar = new Rectangle2D(bounds.x(), bounds.y(), Math.max(bounds.width(), 1), VISIBLE_MIN);
        return Screen.getScreens().stream().anyMatch(screen -> screen.getVisualBounds().intersects(titleBar));
    }
}
