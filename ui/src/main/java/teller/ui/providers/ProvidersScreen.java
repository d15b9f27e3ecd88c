package teller.ui.providers;

import java.util.Set;
import teller.ui.api.EventStream;
import teller.ui.api.ProvidersApi;
import teller.ui.console.FxmlScreen;
import teller.ui.console.ScreenContext;

/** The Providers panel: every provider's state, following {@code PROVIDER_STATE_CHANGED} while shown. */
public final class ProvidersScreen extends FxmlScreen {
    private final ProviderStates states;

    public ProvidersScreen(ScreenContext context) {
        super("providers", "Providers", Set.of(ProviderStates.PROVIDER_STATE_CHANGED));
        states = new ProviderStates(new ProvidersApi(context.session().client()), context.executors());
        show(new ProvidersView(states));
    }

    @Override
    public void liveEvent(EventStream.ServerEvent event) {
        states.serverChanged();
    }

    public ProviderStates states() {
        return states;
    }
}
