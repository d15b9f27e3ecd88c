package teller.ui.dashboard;

import java.time.Clock;
import java.util.Set;
import teller.ui.api.EventStream;
import teller.ui.console.FxmlScreen;
import teller.ui.console.Navigator;
import teller.ui.console.ScreenContext;

/**
 * The console's home: queue KPIs, today's decisions and alerts. A pending tile opens the queue.
 * While shown it reloads every minute and whenever the live events say orders changed.
 */
public final class DashboardScreen extends FxmlScreen {
    /** The queue screen's id (teller.ui.queue.QueueScreen). */
    static final String QUEUE_SCREEN = "queue";
    /**
     * The failed executions' screen id (teller.ui.providers.FailedExecutionsScreen); a console
     * without it opens the queue for the failed-executions alert.
     */
    static final String FAILED_SCREEN = "failed";

    /** What changes the figures: orders arriving, decided, executed or failing. */
    private static final Set<String> LIVE_EVENTS = Set.of("ORDER_CREATED", "ORDER_UPDATED", "ORDER_APPROVED",
            "ORDER_REJECTED", "ORDER_EXECUTING", "ORDER_VOIDED", "GAME_LOAD_FAILED", "PAYOUT_FAILED");

    private final DashboardViewModel viewModel;
    private Navigator navigator;

    public DashboardScreen(ScreenContext context) {
        this(context, new FxScheduler());
    }

    public DashboardScreen(ScreenContext context, Scheduler scheduler) {
        super("dashboard", "Dashboard", LIVE_EVENTS);
        DashboardSource source = new DashboardSource(context.session().client(), Clock.systemUTC());
        viewModel = new DashboardViewModel(source::load, context.executors(), scheduler, this::openQueue,
                this::openFailed);
        show(new DashboardView(viewModel));
    }

    /** The queue, filtered to {@code type} (null: all types). */
    private void openQueue(String type) {
        if (navigator != null) {
            navigator.show(QUEUE_SCREEN, type);
        }
    }

    private void openFailed() {
        if (navigator == null) {
            return;
        }
        if (navigator.has(FAILED_SCREEN)) {
            navigator.show(FAILED_SCREEN);
        } else {
            navigator.show(QUEUE_SCREEN, null);
        }
    }

    @Override
    public void attach(Navigator navigator) {
        this.navigator = navigator;
    }

    @Override
    public void liveEvent(EventStream.ServerEvent event) {
        viewModel.serverChanged();
    }

    public DashboardViewModel viewModel() {
        return viewModel;
    }
}
