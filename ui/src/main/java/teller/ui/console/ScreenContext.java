package teller.ui.console;

import teller.ui.common.FxDialogs;
import teller.ui.common.UiExecutors;
import teller.ui.connect.Session;

/**
 * What a screen of the signed-in console is built from: its session, threads, dialogs and the
 * session's live events (subscribe while on screen).
 */
public record ScreenContext(Session session, UiExecutors executors, FxDialogs dialogs, LiveFeed live) {
}
