package teller.ui.common;

import java.util.function.Supplier;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** Notices as ControlsFX notification pop-ups in the corner of the console window. */
public final class FxNotices implements Notices {
    /** Long enough to read two lines; the notice does not block anything meanwhile. */
    private static final Duration SHOWN_FOR = Duration.seconds(8);

    private final Supplier<Window> owner;

    public FxNotices(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public void show(String title, String text) {
        Window window = owner.get();
        Notifications notice = Notifications.create().title(title).text(text).hideAfter(SHOWN_FOR);
        if (window != null) {
            notice.owner(window);
        }
        notice.showWarning();
    }
}
