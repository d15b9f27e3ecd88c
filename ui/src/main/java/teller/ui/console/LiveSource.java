package teller.ui.console;

import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.value.ObservableBooleanValue;
import teller.ui.api.EventStream;

/** What the console shell needs of the session's live events ({@link LiveFeed}; tests script one). */
public interface LiveSource {
    /** Whether the events are connected now, for the app bar. */
    ObservableBooleanValue connectedProperty();

    /**
     * Calls {@code action} on the UI thread for each event whose type is one of {@code types} (and
     * for {@link EventStream#RESYNC}) until the subscription is closed.
     */
    LiveFeed.Subscription subscribe(Set<String> types, Consumer<EventStream.ServerEvent> action);
}
