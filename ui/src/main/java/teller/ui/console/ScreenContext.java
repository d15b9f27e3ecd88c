package teller.ui.console;

import teller.ui.common.FxDialogs;
import teller.ui.common.UiExecutors;
import teller.ui.connect.Session;

/** What a screen of the signed-in console is built from: its session, threads and dialogs. */
public record ScreenContext(Session session, UiExecutors executors, FxDialogs dialogs) {
}
