package teller.ui.proof;

import java.util.Set;
import javafx.scene.Parent;
import teller.ui.api.EventStream;
import teller.ui.api.ProofForwardApi;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;

/**
 * Proof forwarding as a console screen: every role may look; SUPERVISOR and ADMIN may re-queue.
 * While shown, the list follows the server: each forward's status change reloads it.
 */
public final class ProofForwardsScreen implements ConsoleScreen {
    private static final Set<String> LIVE_EVENTS = Set.of("PROOF_FORWARD_UPDATED");

    private final ProofForwardsViewModel viewModel;
    private final ProofForwardsView view;

    public ProofForwardsScreen(ScreenContext context) {
        viewModel = new ProofForwardsViewModel(new ProofForwardApi(context.session().client()), context.executors(),
                context.session().operator());
        view = new ProofForwardsView(viewModel);
    }

    @Override
    public String id() {
        return "proof-forwards";
    }

    @Override
    public String title() {
        return "Proof forwarding";
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
        return LIVE_EVENTS;
    }

    @Override
    public void liveEvent(EventStream.ServerEvent event) {
        viewModel.serverChanged();
    }

    public ProofForwardsViewModel viewModel() {
        return viewModel;
    }
}
