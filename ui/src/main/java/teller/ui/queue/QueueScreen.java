package teller.ui.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import javafx.application.Platform;
import javafx.scene.Parent;
import teller.ui.api.EventStream;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderView;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;
import teller.ui.providers.ProviderStates;
import teller.ui.api.ProvidersApi;

/**
 * The approval queue as a console screen. While shown it follows the session's live events: order
 * events update the queue without a refresh, and forwarding or fraud-flag changes of the order in
 * the detail pane reload it. (The console itself pops up a notice for every raised flag.)
 */
public final class QueueScreen implements ConsoleScreen {
    private static final Set<String> LIVE_EVENTS = union(union(QueueViewModel.QUEUE_EVENTS, QueueViewModel.DETAIL_EVENTS),
            Set.of(ProviderStates.PROVIDER_STATE_CHANGED));

    private final QueueViewModel viewModel;
    private final QueueView view;
    /** The providers, for the card's SANDBOX badge (reloaded when a provider's state changes). */
    private final ProviderStates providers;

    public QueueScreen(ScreenContext context) {
        var card = new DecisionCardViewModel(context.session().client(), context.executors(), context.dialogs(),
                decisionsRefused(context), context.session().hasAnyRole("SUPERVISOR", "ADMIN"));
        viewModel = new QueueViewModel(context.session().client(), context.executors(), QueueViewModel.PAGE_SIZE_DEFAULT,
                card);
        providers = new ProviderStates(new ProvidersApi(context.session().client()), context.executors());
        providers.onChange(() -> card.providersChanged(providers.byId()));
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
        // Live events are applied once per pulse, all that arrived meanwhile together (decision 0195).
        viewModel.setLivePulse(Platform::runLater);
        view = new QueueView(viewModel);
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
        // The first page is asked for before the list's FXML is built: the answer travels while it builds.
        view.askFirstPage();
        return view.load();
    }

    @Override
    public void activate() {
        providers.refresh();
        view.activate();
    }

    @Override
    public void deactivate() {
        view.deactivate();
    }

    /** Opened for an order type (the dashboard's tiles): the queue shows that type; null shows all. */
    @Override
    public void open(String type) {
        viewModel.typeFilterProperty().set(type == null ? null : teller.ui.api.OrderType.valueOf(type));
    }

    @Override
    public Set<String> liveEventTypes() {
        return LIVE_EVENTS;
    }

    /** On the FX thread. */
    @Override
    public void liveEvent(EventStream.ServerEvent event) {
        if (ProviderStates.PROVIDER_STATE_CHANGED.equals(event.type()) || "RESYNC".equals(event.type())) {
            providers.serverChanged();
        }
        if (QueueViewModel.DETAIL_EVENTS.contains(event.type())) {
            String orderId = "ORDER".equals(event.aggregateType()) ? event.aggregateId() : event.field("orderId");
            viewModel.detailEvent(orderId, event.field("playerId"));
            return;
        }
        viewModel.serverEvent(change(event));
    }

    /** What a live event says about an order, read from its payload (OrderEvents on the server). */
    static QueueViewModel.LiveChange change(EventStream.ServerEvent event) {
        String orderId = "ORDER".equals(event.aggregateType()) ? event.aggregateId() : null;
        OrderStatus status = null;
        String named = event.field("status");
        if (named != null) {
            try {
                status = OrderStatus.valueOf(named);
            } catch (IllegalArgumentException unknown) {
                status = null; // a status this console does not know: the first page reloads
            }
        }
        boolean released = "ORDER_RELEASED".equals(event.type());
        JsonNode person = event.payload() == null ? null : event.payload().get(released ? "releasedBy" : "claimedBy");
        OrderView.Person claimant = person == null || !person.hasNonNull("id") ? null
                : new OrderView.Person(person.get("id").asText(), person.path("username").asText(null));
        String expires = released ? null : event.field("expiresAt");
        Instant until = null;
        if (expires != null) {
            try {
                until = Instant.parse(expires);
            } catch (java.time.format.DateTimeParseException unreadable) {
                until = null;
            }
        }
        return new QueueViewModel.LiveChange(event.type(), orderId, status, claimant, until);
    }

    public QueueViewModel viewModel() {
        return viewModel;
    }
}
