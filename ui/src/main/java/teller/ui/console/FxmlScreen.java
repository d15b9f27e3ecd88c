package teller.ui.console;

import java.util.Set;
import javafx.scene.Parent;
import javafx.stage.Window;
import teller.ui.common.FxmlView;

/**
 * A console screen whose view is an {@link FxmlView}: the id, title and live event types are given
 * once, the view is loaded on first show and follows {@link #activate()} / {@link #deactivate()}.
 * A subclass hands its view over with {@link #show(FxmlView)} in its constructor and answers
 * {@link #liveEvent} (usually: its view model reloads).
 */
public abstract class FxmlScreen implements ConsoleScreen {
    private final String id;
    private final String title;
    private final Set<String> liveEventTypes;
    private FxmlView view;
    private Parent root;

    protected FxmlScreen(String id, String title, Set<String> liveEventTypes) {
        this.id = id;
        this.title = title;
        this.liveEventTypes = Set.copyOf(liveEventTypes);
    }

    /** The screen's view; call once, from the subclass's constructor. */
    protected final <V extends FxmlView> V show(V fxmlView) {
        this.view = fxmlView;
        return fxmlView;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public Parent view() {
        root = view.load();
        return root;
    }

    @Override
    public void activate() {
        view.activate();
    }

    @Override
    public void deactivate() {
        view.deactivate();
    }

    @Override
    public final Set<String> liveEventTypes() {
        return liveEventTypes;
    }

    /** The window the screen is shown in (null before it is), for the dialogs it opens. */
    protected final Window window() {
        return root == null || root.getScene() == null ? null : root.getScene().getWindow();
    }
}
