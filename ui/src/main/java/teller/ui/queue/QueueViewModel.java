package teller.ui.queue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import teller.ui.api.ApiException;
import teller.ui.api.Decision;
import teller.ui.api.OrderPage;
import teller.ui.api.OrderQuery;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderType;
import teller.ui.api.OrderView;
import teller.ui.api.PlayerView;
import teller.ui.api.ServerUnreachableException;
import teller.ui.api.TellerClient;
import teller.ui.common.Dialogs;
import teller.ui.common.ErrorText;
import teller.ui.common.LiveReload;
import teller.ui.common.UiExecutors;

/**
 * The approval queue: pending orders (oldest first, optionally of one type), the selected order in
 * detail with its player's balance, and the approve / reject commands with their outcome. All
 * server calls run through {@link UiExecutors}; answers to superseded requests are dropped.
 */
public final class QueueViewModel {
    /** One screen of a busy queue; more come with {@link #loadMore()}. */
    public static final int PAGE_SIZE_DEFAULT = 100;

    private final int pageSize;
    private final TellerClient client;
    private final UiExecutors executors;
    private final Dialogs dialogs;

    private final ObservableList<OrderView> orders = FXCollections.observableArrayList();
    private final ObjectProperty<OrderType> typeFilter = new SimpleObjectProperty<>();
    private final ObjectProperty<OrderView> selected = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<String> nextCursor = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<OrderView> detail = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<PlayerView> detailPlayer = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper detailLoading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper detailError = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper deciding = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Outcome> outcome = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding canDecide;
    private final BooleanBinding hasMore;
    private final String decisionsRefused;

    /** Keys of decisions whose answer never arrived: repeating that action reuses its key, so it cannot apply twice. */
    private final Map<String, String> unansweredKeys = new HashMap<>();
    private long listGeneration;
    /** Live events reload the first page: one load in flight, at most one more after it. */
    private final LiveReload live = new LiveReload(loading::get, this::liveReload);
    private long detailGeneration;
    private boolean applyingDecision;

    public QueueViewModel(TellerClient client, UiExecutors executors, Dialogs dialogs) {
        this(client, executors, dialogs, PAGE_SIZE_DEFAULT);
    }

    public QueueViewModel(TellerClient client, UiExecutors executors, Dialogs dialogs, int pageSize) {
        this(client, executors, dialogs, pageSize, null);
    }

    /**
     * @param decisionsRefused why this operator may not approve or reject (their roles), or null when
     *                         they may; the buttons then stay disabled and say why. The server refuses
     *                         such a decision either way.
     */
    public QueueViewModel(TellerClient client, UiExecutors executors, Dialogs dialogs, int pageSize,
                          String decisionsRefused) {
        if (pageSize < 1 || pageSize > OrderQuery.LIMIT_MAX) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + OrderQuery.LIMIT_MAX);
        }
        this.pageSize = pageSize;
        this.client = client;
        this.executors = executors;
        this.dialogs = dialogs;
        this.decisionsRefused = decisionsRefused;
        canDecide = Bindings.createBooleanBinding(() -> decisionsRefused == null && !deciding.get() && detail.get() != null
                && detail.get().status() == OrderStatus.PENDING_REVIEW, deciding, detail);
        hasMore = nextCursor.isNotNull();
        selected.addListener((obs, before, row) -> {
            if (row != null && !applyingDecision) {
                open(row);
            }
        });
        typeFilter.addListener((obs, before, type) -> refresh());
    }

    public ObservableList<OrderView> orders() {
        return orders;
    }

    public ObjectProperty<OrderType> typeFilterProperty() {
        return typeFilter;
    }

    /** The row selected in the queue; selecting one opens it in the detail pane. */
    public ObjectProperty<OrderView> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public BooleanBinding hasMoreProperty() {
        return hasMore;
    }

    /** The order shown in the detail pane; it stays after a decision removed it from the queue. */
    public ReadOnlyObjectProperty<OrderView> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PlayerView> detailPlayerProperty() {
        return detailPlayer.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty detailLoadingProperty() {
        return detailLoading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailErrorProperty() {
        return detailError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty decidingProperty() {
        return deciding.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Outcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** True while the shown order is pending and no decision is running. */
    public BooleanBinding canDecideProperty() {
        return canDecide;
    }

    /** Why this operator may not approve or reject at all, or null when their roles allow it. */
    public String decisionsRefused() {
        return decisionsRefused;
    }

    /** Reloads the first page of the queue with the current filter, and the order shown in detail (F5). */
    public void refresh() {
        OrderView shown = detail.get();
        if (shown != null && !deciding.get()) {
            // E.g. an order that was still EXECUTING: the operator refreshes to see how it ended.
            reloadDetail(shown.id(), shown.playerId());
        }
        long generation = ++listGeneration;
        OrderQuery query = OrderQuery.pending(typeFilter.get(), pageSize);
        loading.set(true);
        executors.run(() -> client.listOrders(query), page -> {
            if (generation != listGeneration) {
                return;
            }
            loading.set(false);
            error.set("");
            orders.setAll(page.items());
            nextCursor.set(page.nextCursor());
            live.loaded();
        }, failure -> listFailed(generation, failure));
    }

    /** Appends the next page, if there is one. */
    public void loadMore() {
        String cursor = nextCursor.get();
        if (cursor == null || loading.get()) {
            return;
        }
        long generation = ++listGeneration;
        OrderQuery query = OrderQuery.pending(typeFilter.get(), pageSize).next(cursor);
        loading.set(true);
        executors.run(() -> client.listOrders(query), (OrderPage page) -> {
            if (generation != listGeneration) {
                return;
            }
            loading.set(false);
            error.set("");
            List<String> known = orders.stream().map(OrderView::id).toList();
            orders.addAll(page.items().stream().filter(o -> !known.contains(o.id())).toList());
            nextCursor.set(page.nextCursor());
        }, failure -> listFailed(generation, failure));
    }

    private void listFailed(long generation, Throwable failure) {
        if (generation != listGeneration) {
            return;
        }
        loading.set(false);
        error.set("Could not load the queue. " + ErrorText.of(failure));
        live.loaded();
    }

    /**
     * Event types after which the pending queue may look different (RESYNC: the stream missed too
     * much to replay, reload everything).
     */
    public static final Set<String> QUEUE_EVENTS = Set.of("ORDER_CREATED", "ORDER_UPDATED", "ORDER_APPROVED",
            "ORDER_REJECTED", "ORDER_EXECUTING", "ORDER_VOIDED", "GAME_LOAD_FAILED", "PAYOUT_FAILED", "RESYNC");

    /**
     * A live event from the server (on the UI thread): reloads the first page of the queue, keeping
     * the selected order selected, and the order in the detail pane when it is the one that changed.
     * A burst of events costs one reload in flight and at most one after it.
     */
    public void serverEvent(String type, String orderId) {
        if (!QUEUE_EVENTS.contains(type)) {
            return;
        }
        OrderView shown = detail.get();
        if (shown != null && !deciding.get() && (orderId == null || shown.id().equals(orderId))) {
            reloadDetail(shown.id(), shown.playerId());
        }
        live.changed();
    }

    /** Event types that change what the order detail shows (forwarding, flags, score) but not the queue. */
    public static final Set<String> DETAIL_EVENTS = Set.of("PROOF_FORWARD_UPDATED", "FLAG_RAISED", "FLAG_RESOLVED");

    /**
     * A live change of an order's proof forwarding or of a player's fraud flags (on the UI thread):
     * the detail pane reloads when it shows that order or an order of that player.
     */
    public void detailEvent(String orderId, String playerId) {
        OrderView shown = detail.get();
        if (shown != null && !deciding.get()
                && (shown.id().equals(orderId) || shown.playerId().equals(playerId))) {
            reloadDetail(shown.id(), shown.playerId());
        }
    }

    private void liveReload() {
        long generation = ++listGeneration;
        OrderQuery query = OrderQuery.pending(typeFilter.get(), pageSize);
        loading.set(true);
        executors.run(() -> client.listOrders(query), page -> {
            if (generation != listGeneration) {
                return;
            }
            loading.set(false);
            error.set("");
            OrderView wasSelected = selected.get();
            applyingDecision = true; // the same selection again is not a new "open"
            try {
                orders.setAll(page.items());
                selected.set(wasSelected == null ? null : page.items().stream()
                        .filter(o -> o.id().equals(wasSelected.id())).findFirst().orElse(null));
            } finally {
                applyingDecision = false;
            }
            nextCursor.set(page.nextCursor());
            live.loaded();
        }, failure -> listFailed(generation, failure));
    }

    /** Opens the selected row in the detail pane again (Enter), e.g. after a decision showed another order. */
    public void openSelected() {
        if (selected.get() != null) {
            open(selected.get());
        }
    }

    private void open(OrderView row) {
        if (detail.get() == null || !detail.get().id().equals(row.id())) {
            outcome.set(null);
            detailPlayer.set(null);
        }
        // The list row already has what the pane shows first; the full order and the balance follow.
        detail.set(row);
        reloadDetail(row.id(), row.playerId());
    }

    private void reloadDetail(String orderId, String playerId) {
        long generation = ++detailGeneration;
        detailLoading.set(true);
        detailError.set("");
        executors.run(() -> new Loaded(client.order(orderId), client.player(playerId)), loaded -> {
            if (generation != detailGeneration) {
                return;
            }
            detailLoading.set(false);
            detail.set(loaded.order());
            detailPlayer.set(loaded.player());
        }, failure -> {
            if (generation != detailGeneration) {
                return;
            }
            detailLoading.set(false);
            detailError.set("Could not load order " + orderId + ". " + ErrorText.of(failure));
        });
    }

    private record Loaded(OrderView order, PlayerView player) {
    }

    /** Approves the shown order (key A). */
    public void approve() {
        OrderView order = detail.get();
        if (!canDecide.get()) {
            return;
        }
        decide(order, "approve", "", key -> client.approve(order.id(), null, key));
    }

    /** Asks for a reason, then rejects the shown order (key R). Cancelling the dialog changes nothing. */
    public void reject() {
        OrderView order = detail.get();
        if (!canDecide.get()) {
            return;
        }
        Optional<String> reason = dialogs.askRejectReason(Outcome.summary(order));
        reason.ifPresent(this::reject);
    }

    /** Rejects the shown order with {@code reason}; a blank reason is refused here, before any request. */
    public void reject(String reason) {
        OrderView order = detail.get();
        if (!canDecide.get()) {
            return;
        }
        if (reason == null || reason.isBlank()) {
            outcome.set(new Outcome(Outcome.Kind.ERROR, "REASON_REQUIRED", "A rejection needs a reason."));
            return;
        }
        String clean = reason.strip();
        decide(order, "reject", clean, key -> client.reject(order.id(), clean, key));
    }

    private interface Call {
        Decision send(String idempotencyKey);
    }

    private void decide(OrderView order, String action, String body, Call call) {
        String actionKey = order.id() + "|" + action + "|" + body;
        String idempotencyKey = unansweredKeys.computeIfAbsent(actionKey, k -> UUID.randomUUID().toString());
        deciding.set(true);
        outcome.set(null);
        executors.run(() -> call.send(idempotencyKey), decision -> {
            unansweredKeys.remove(actionKey);
            deciding.set(false);
            applyDecision(decision);
        }, failure -> {
            // Only a request that may not have reached the server keeps its key, so that doing the
            // same again is a safe replay; every other failure got the server's answer (or none was sent).
            boolean unknown = failure instanceof ServerUnreachableException;
            if (!unknown) {
                unansweredKeys.remove(actionKey);
            }
            deciding.set(false);
            String code = failure instanceof ApiException api ? api.code() : "NOT_DECIDED";
            String message = failure instanceof ApiException api ? api.getMessage() : ErrorText.of(failure)
                    + (unknown ? " The outcome is unknown: doing the same again repeats the same request safely." : "");
            outcome.set(new Outcome(Outcome.Kind.ERROR, code, message));
            if (failure instanceof ApiException api && (api.status() == 409 || api.status() == 0)) {
                // Someone else decided first, or the answer was unreadable: show what the order is now.
                reloadDetail(order.id(), order.playerId());
            }
        });
    }

    private void applyDecision(Decision decision) {
        OrderView order = decision.order();
        outcome.set(Outcome.of(decision));
        applyingDecision = true;
        try {
            orders.removeIf(o -> o.id().equals(order.id()));
            selected.set(null);
        } finally {
            applyingDecision = false;
        }
        detail.set(order);
        reloadDetail(order.id(), order.playerId());
    }
}
