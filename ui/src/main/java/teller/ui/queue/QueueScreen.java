package teller.ui.queue;

import javafx.scene.Parent;
import teller.ui.api.EventStream;
import teller.ui.common.FxNotices;
import teller.ui.common.Notices;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;

/**
 * The approval queue as a console screen. While shown it listens to the server's live events:
 * order events update the queue without a refresh, and a raised fraud flag pops up a notice.
 */
public final class QueueScreen implements ConsoleScreen {
    static final String FLAG_RAISED = "FLAG_RAISED";

    private final ScreenContext context;
    private final QueueViewModel viewModel;
    private final QueueView view;
    private Parent root;
    private Notices notices;
    private EventStream events;

    public QueueScreen(ScreenContext context) {
        this.context = context;
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
        root = view.load();
        notices = new FxNotices(() -> root.getScene() == null ? null : root.getScene().getWindow());
        return root;
    }

    @Override
    public void activate() {
        view.activate();
        if (events == null) {
            events = EventStream.open(context.session().client(),
                    event -> context.executors().onUi(() -> onEvent(event)), null);
        }
    }

    @Override
    public void deactivate() {
        view.deactivate();
        if (events != null) {
            events.close();
            events = null;
        }
    }

    /** On the FX thread. */
    private void onEvent(EventStream.ServerEvent event) {
        if (events == null) {
            return; // arrived just after the screen was hidden
        }
        if (FLAG_RAISED.equals(event.type())) {
            notices.show("Fraud flag raised", flagText(event));
            return;
        }
        viewModel.serverEvent(event.type(), "ORDER".equals(event.aggregateType()) ? event.aggregateId() : null);
    }

    /** E.g. "DUPLICATE_PROOF flag on order #777 of player p-1 (+50 points)", from the engine's FLAG_RAISED payload. */
    static String flagText(EventStream.ServerEvent event) {
        StringBuilder text = new StringBuilder();
        String rule = event.field("rule");
        String order = event.field("orderId");
        String player = event.field("playerId");
        String points = event.field("points");
        text.append(rule == null ? "A fraud flag" : rule + " flag");
        if (order != null) {
            text.append(" on order #").append(order);
        }
        if (player != null) {
            text.append(order != null ? " of player " : " on player ").append(player);
        }
        if (points != null) {
            text.append(" (+").append(points).append(" points)");
        }
        return text.toString();
    }

    public QueueViewModel viewModel() {
        return viewModel;
    }
}
