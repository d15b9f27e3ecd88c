package teller.ui.proof;

import java.util.Set;
import teller.ui.api.EventStream;
import teller.ui.api.ProofForwardApi;
import teller.ui.console.FxmlScreen;
import teller.ui.console.ScreenContext;

/**
 * Proof forwarding as a console screen: every role may look; SUPERVISOR and ADMIN may re-queue.
 * While shown, the list follows the server: each forward's status change reloads it.
 */
public final class ProofForwardsScreen extends FxmlScreen {
    private static final Set<String> LIVE_EVENTS = Set.of("PROOF_FORWARD_UPDATED");

    private final ProofForwardsViewModel viewModel;

    public ProofForwardsScreen(ScreenContext context) {
        super("proof-forwards", "Proof forwarding", LIVE_EVENTS);
        viewModel = new ProofForwardsViewModel(new ProofForwardApi(context.session().client()), context.executors(),
                context.session().operator());
        show(new ProofForwardsView(viewModel));
    }

    @Override
    public void liveEvent(EventStream.ServerEvent event) {
        viewModel.serverChanged();
    }

    public ProofForwardsViewModel viewModel() {
        return viewModel;
    }
}
