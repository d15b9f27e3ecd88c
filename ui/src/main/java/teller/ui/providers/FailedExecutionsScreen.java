package teller.ui.providers;

import java.util.Set;
import teller.ui.api.EventStream;
import teller.ui.api.OperatorInfo;
import teller.ui.api.ProvidersApi;
import teller.ui.console.FxmlScreen;
import teller.ui.console.ScreenContext;

/**
 * Failed & in flight as a console screen (SUPERVISOR, ADMIN; AUDITOR reads it). While shown, the
 * list follows the server: an order's execution events reload it, and a provider's breaker moving
 * reloads the providers, which enables or disables Retry by itself.
 */
public final class FailedExecutionsScreen extends FxmlScreen {
    static final Set<String> ORDER_EVENTS = Set.of("ORDER_EXECUTING", "ORDER_APPROVED", "ORDER_UPDATED", "ORDER_VOIDED",
            "GAME_LOAD_FAILED", "PAYOUT_FAILED");
    private static final Set<String> LIVE_EVENTS;

    static {
        var all = new java.util.HashSet<>(ORDER_EVENTS);
        all.add(ProviderStates.PROVIDER_STATE_CHANGED);
        LIVE_EVENTS = Set.copyOf(all);
    }

    private final FailedExecutionsViewModel viewModel;

    public FailedExecutionsScreen(ScreenContext context) {
        super("failed", "Failed & in flight", LIVE_EVENTS);
        ProvidersApi api = new ProvidersApi(context.session().client());
        viewModel = new FailedExecutionsViewModel(api, context.executors(), new ProviderStates(api, context.executors()),
                new FxVoidDialogs(this::window),
                context.session().operator());
        show(new FailedExecutionsView(viewModel));
    }

    @Override
    public void liveEvent(EventStream.ServerEvent event) {
        if (ProviderStates.PROVIDER_STATE_CHANGED.equals(event.type())) {
            viewModel.providers().serverChanged();
            return;
        }
        if (EventStream.RESYNC.equals(event.type())) {
            viewModel.providers().serverChanged();
        }
        viewModel.serverChanged();
    }

    @Override
    public boolean availableTo(OperatorInfo operator) {
        return operator.roles().stream().anyMatch(Set.of("SUPERVISOR", "ADMIN", "AUDITOR")::contains);
    }

    public FailedExecutionsViewModel viewModel() {
        return viewModel;
    }
}
