package teller.ui.fraud;

import java.util.Set;
import javafx.scene.Parent;
import teller.ui.api.EventStream;
import teller.ui.api.FraudApi;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;

/**
 * Fraud flags as a console screen: review the evidence, resolve (supervisors and admins). While
 * shown, the list follows the server: a flag raised or resolved anywhere reloads it.
 */
public final class FraudFlagsScreen implements ConsoleScreen {
    private static final Set<String> LIVE_EVENTS = Set.of(FlagNotices.FLAG_RAISED, FlagNotices.FLAG_RESOLVED);

    private final FraudFlagsViewModel viewModel;
    private final FraudFlagsView view;
    private Parent root;

    public FraudFlagsScreen(ScreenContext context) {
        viewModel = new FraudFlagsViewModel(new FraudApi(context.session().client()), context.executors(),
                new FxResolveDialogs(() -> root == null || root.getScene() == null ? null : root.getScene().getWindow()),
                context.session().operator());
        view = new FraudFlagsView(viewModel);
    }

    @Override
    public String id() {
        return "fraud";
    }

    @Override
    public String title() {
        return "Fraud flags";
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
    public Set<String> liveEventTypes() {
        return LIVE_EVENTS;
    }

    @Override
    public void liveEvent(EventStream.ServerEvent event) {
        viewModel.serverChanged();
    }

    public FraudFlagsViewModel viewModel() {
        return viewModel;
    }
}
