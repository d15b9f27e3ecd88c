package teller.ui.console;

import java.util.Set;
import javafx.scene.Parent;
import teller.ui.api.EventStream;
import teller.ui.api.OperatorInfo;

/**
 * One screen of the signed-in console, shown by {@link ConsoleShell} in its content area and
 * listed in its navigation. The shell loads {@link #view()} once, on first show, and calls
 * {@link #activate()} / {@link #deactivate()} as the operator moves between screens; while a screen
 * is shown, the shell also hands it the live events it follows.
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

    /**
     * The server's live event types this screen follows (default none). While the screen is shown
     * the shell passes each such event, and every {@code RESYNC}, to {@link #liveEvent}.
     */
    default Set<String> liveEventTypes() {
        return Set.of();
    }

    /** A live event of one of {@link #liveEventTypes()} (or RESYNC), on the FX thread, while shown. */
    default void liveEvent(EventStream.ServerEvent event) {
    }

    /**
     * Another screen opened this one for something it names (see {@link Navigator#show(String, String)}),
     * e.g. the queue and the order type to filter on; called on the FX thread after {@link #activate()}.
     * Default: ignored.
     */
    default void open(String argument) {
    }

    /** Called once by the shell before the screen is shown: how to move to another screen. */
    default void attach(Navigator navigator) {
    }

    /** Whether the operator sees this screen at all; the server enforces access either way. */
    default boolean availableTo(OperatorInfo operator) {
        return true;
    }
}
