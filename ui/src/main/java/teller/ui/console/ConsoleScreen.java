package teller.ui.console;

import javafx.scene.Parent;
import teller.ui.api.OperatorInfo;

/**
 * One screen of the signed-in console, shown by {@link ConsoleShell} in its content area and
 * listed in its navigation. The shell loads {@link #view()} once, on first show, and calls
 * {@link #activate()} / {@link #deactivate()} as the operator moves between screens.
 */
public interface ConsoleScreen {
    /** Stable id: the navigation button is {@code #nav-<id>}. */
    String id();

    /** The title in the navigation and the app bar. */
    String title();

    /** Builds the screen's node tree; called once, on the FX thread. */
    Parent view();

    /** The screen is shown: start listening, load data. */
    default void activate() {
    }

    /** The screen is hidden (another screen, sign-out, lock): stop listening and timers. */
    default void deactivate() {
    }

    /** Whether the operator sees this screen at all; the server enforces access either way. */
    default boolean availableTo(OperatorInfo operator) {
        return true;
    }
}
