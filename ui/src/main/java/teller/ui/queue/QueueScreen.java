package teller.ui.queue;

import java.util.HashSet;
import java.util.Set;
import teller.ui.api.EventStream;
import teller.ui.console.FxmlScreen;
import teller.ui.console.ScreenContext;

/**
 * The approval queue as a console screen. While shown it follows the session's live events: order
 * events update the queue without a refresh, and forwarding or fraud-flag changes of the order in
 * the detail pane reload it. (The console itself pops up a notice for every raised flag.)
 */
public final class QueueScreen extends FxmlScreen {
    private static final Set<String> LIVE_EVENTS = union(QueueViewModel.QUEUE_EVENTS, QueueViewModel.DETAIL_EVENTS);

    private final QueueViewModel viewModel;

    public QueueScreen(ScreenContext context) {
        super("queue", "Approval queue", LIVE_EVENTS);
        viewModel = new QueueViewModel(context.session().client(), context.executors(), context.dialogs(),
                QueueViewModel.PAGE_SIZE_DEFAULT, decisionsRefused(context));
        var preferences = context.preferences();
        viewModel.configure(context.session().operator().id(), java.time.Clock.systemUTC(),
                new QueueViewModel.FilterMemory() {
                    @Override
                    public String load() {
                        return preferences.screenSetting(FILTERS_SETTING).orElse(null);
                    }

                    @Override
                    public void save(String line) {
                        preferences.rememberScreenSetting(FILTERS_SETTING, line);
                        preferences.save();
                    }
                });
        show(new QueueView(viewModel));
    }

    /** The preferences key of the queue's filters. */
    public static final String FILTERS_SETTING = "queue.filters";

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** The server lets APPROVER, SUPERVISOR and ADMIN decide (Access.DECIDE); VIEWER and AUDITOR only read. */
    private static String decisionsRefused(ScreenContext context) {
        if (context.session().hasAnyRole("APPROVER", "SUPERVISOR", "ADMIN")) {
            return null;
        }
        return "Your roles (" + String.join(", ", context.session().operator().roles())
                + ") may read the queue but not approve or reject; that needs APPROVER, SUPERVISOR or ADMIN.";
    }

    /** Opened for an order type (the dashboard's tiles): the queue shows that type; null shows all. */
    @Override
    public void open(String type) {
        viewModel.typeFilterProperty().set(type == null ? null : teller.ui.api.OrderType.valueOf(type));
    }

    /** On the FX thread. */
    @Override
    public void liveEvent(EventStream.ServerEvent event) {
        if (QueueViewModel.DETAIL_EVENTS.contains(event.type())) {
            String orderId = "ORDER".equals(event.aggregateType()) ? event.aggregateId() : event.field("orderId");
            viewModel.detailEvent(orderId, event.field("playerId"));
            return;
        }
        viewModel.serverEvent(event.type(), "ORDER".equals(event.aggregateType()) ? event.aggregateId() : null);
    }

    public QueueViewModel viewModel() {
        return viewModel;
    }
}
