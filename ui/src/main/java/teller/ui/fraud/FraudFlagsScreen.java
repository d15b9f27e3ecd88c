package teller.ui.fraud;

import java.util.Set;
import teller.ui.api.EventStream;
import teller.ui.api.FraudApi;
import teller.ui.console.FxmlScreen;
import teller.ui.console.ScreenContext;

/**
 * Fraud flags as a console screen: review the evidence, resolve (supervisors and admins). While
 * shown, the list follows the server: a flag raised or resolved anywhere reloads it.
 */
public final class FraudFlagsScreen extends FxmlScreen {
    private static final Set<String> LIVE_EVENTS = Set.of(FlagNotices.FLAG_RAISED, FlagNotices.FLAG_RESOLVED);

    private final FraudFlagsViewModel viewModel;

    public FraudFlagsScreen(ScreenContext context) {
        super("fraud", "Fraud flags", LIVE_EVENTS);
        viewModel = new FraudFlagsViewModel(new FraudApi(context.session().client()), context.executors(),
                new FxResolveDialogs(this::window),
                context.session().operator());
        show(new FraudFlagsView(viewModel));
    }

    @Override
    public void liveEvent(EventStream.ServerEvent event) {
        viewModel.serverChanged();
    }

    public FraudFlagsViewModel viewModel() {
        return viewModel;
    }
}
