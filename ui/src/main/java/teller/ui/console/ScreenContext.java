package teller.ui.console;

import teller.ui.common.FxDialogs;
import teller.ui.common.UiExecutors;
import teller.ui.connect.Session;

/**
 * What a screen of the signed-in console is built from: its session, threads, dialogs and the
 * console's preferences (for what a screen remembers between runs, such as the queue's filters).
 */
public record ScreenContext(Session session, UiExecutors executors, FxDialogs dialogs,
                            teller.ui.preferences.Preferences preferences) {
    public ScreenContext {
        preferences = preferences == null ? teller.ui.preferences.Preferences.inMemory() : preferences;
    }

    public ScreenContext(Session session, UiExecutors executors, FxDialogs dialogs) {
        this(session, executors, dialogs, null);
    }
}
