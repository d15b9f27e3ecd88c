package teller.ui.queue;

import javafx.scene.Parent;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;

/** The approval queue as a console screen. */
public final class QueueScreen implements ConsoleScreen {
    private final QueueViewModel viewModel;
    private final QueueView view;

    public QueueScreen(ScreenContext context) {
        viewModel = new QueueViewModel(context.session().client(), context.executors(), context.dialogs());
        view = new QueueView(viewModel);
    }

    @Override
    public String id() {
        return "queue";
    }

    @Override
    public String title() {
        return "Approval queue";
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

    public QueueViewModel viewModel() {
        return viewModel;
    }
}
