package teller.ui.console;

import java.util.List;
import teller.ui.common.Notices;

/**
 * The feature packages' part of a signed-in console, handed to {@link ConsoleWindow} from above
 * ({@code teller.ui.ConsoleScreens}) so that the shell depends on no feature package: the session's
 * screens, and what else follows its live events (app-bar badges, notices).
 */
public interface ConsoleFeatures {
    /** The session's screens, in navigation order (Ctrl+1 is the first). */
    List<ConsoleScreen> screens(ScreenContext context);

    /**
     * Called once the session's shell is built, before the live feed starts: app-bar items of the
     * features, and the notices that follow {@code live}. Default: none.
     */
    default void attach(ScreenContext context, LiveFeed live, ConsoleShell shell, Notices notices) {
    }
}
