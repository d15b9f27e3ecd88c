package teller.ui.queue;

import javafx.scene.Parent;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;

/** The approval queue as a console screen. */
public final class QueueScreen implements ConsoleScreen {
    private final QueueViewModel viewModel;
    private final QueueView view;

    public QueueScreen(ScreenContext context) {
        viewModel = new QueueViewModel(context.session().client(), context.executors(), context.dialogs(),
                QueueViewModel.PAGE_SIZE_DEFAULT, decisionsRefused(context));
        view = new QueueView(viewModel);
    }

    /** The server lets APPROVER, SUPERVISOR and ADMIN decide (Access.DECIDE); VIEWER and AUDITOR only read. */
    private static String decisionsRefused(ScreenContext context) {
        if (context.session().hasAnyRole("APPROVER", "SUPERVISOR", "ADMIN")) {
            return null;
        }
        return "Your roles (" + String.join(", ", context.session().operator().roles())
                + ") may read the queue but not approve or reject; that needs APPROVER, SUPERVISOR or ADMIN.";
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
