package teller.ui.providers;

import java.util.Set;
import javafx.scene.Parent;
import teller.ui.api.EventStream;
import teller.ui.api.ProvidersApi;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;

/** The Providers panel: every provider's state, following {@code PROVIDER_STATE_CHANGED} while shown. */
public final class ProvidersScreen implements ConsoleScreen {
    private final ProviderStates states;
    private final ProvidersView view;

    public ProvidersScreen(ScreenContext context) {
        states = new ProviderStates(new ProvidersApi(context.session().client()), context.executors());
        view = new ProvidersView(states);
    }

    @Override
    public String id() {
        return "providers";
    }

    @Override
    public String title() {
        return "Providers";
    }

    @Override
    public Parent view() {
        return view.load();
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
    public Set<String> liveEventTypes() {
        return Set.of(ProviderStates.PROVIDER_STATE_CHANGED);
    }

    @Override
    public void liveEvent(EventStream.ServerEvent event) {
        states.serverChanged();
    }

    public ProviderStates states() {
        return states;
    }
}
