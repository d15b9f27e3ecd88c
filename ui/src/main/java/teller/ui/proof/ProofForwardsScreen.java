package teller.ui.proof;

import javafx.scene.Parent;
import teller.ui.api.ProofForwardApi;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;

/** Proof forwarding as a console screen: every role may look; SUPERVISOR and ADMIN may re-queue. */
public final class ProofForwardsScreen implements ConsoleScreen {
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

    public ProofForwardsViewModel viewModel() {
        return viewModel;
    }
}
