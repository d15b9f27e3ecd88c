package teller.ui.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import teller.ui.api.OrderPage;
import teller.ui.api.OrderQuery;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderType;
import teller.ui.api.OrderView;
import teller.ui.api.TellerClient;
import teller.ui.common.Dialogs;
import teller.ui.common.ErrorText;
import teller.ui.common.LiveReload;
import teller.ui.common.UiExecutors;

/**
 * The approval queue: pending orders (oldest first, filtered, sorted, paged by cursor), the selected
 * row, and live reloads. The selected order opens in the {@link DecisionCardViewModel decision card},
 * which holds the detail, preview, proof, claim and decisions; after a decision the queue moves on to
 * the next order. All server calls run through {@link UiExecutors}; answers to superseded requests are
 * dropped.
 */
public final class QueueViewModel {
    /** One screen of a busy queue; more come with {@link #loadMore()}. */
    public static final int PAGE_SIZE_DEFAULT = 100;

    private final int pageSize;
    private final TellerClient client;
    private final UiExecutors executors;
    private final DecisionCardViewModel card;

    private final ObservableList<OrderView> orders = FXCollections.observableArrayList();
    private final ObjectProperty<OrderType> typeFilter = new SimpleObjectProperty<>();
    private final ObjectProperty<OrderView> selected = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<String> nextCursor = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding hasMore;
    private final ObjectProperty<QueueFilters> filters = new SimpleObjectProperty<>(QueueFilters.NONE);
    private FilterMemory filterMemory = FilterMemory.NONE;
    private boolean restoring;

    /** Where the queue's filters are remembered between runs (the console's preferences). */
    public interface FilterMemory {
        FilterMemory NONE = new FilterMemory() {
            @Override
            public String load() {
                return null;
            }

            @Override
            public void save(String line) {
            }
        };

        String load();

        void save(String line);
    }

    private long listGeneration;
    /** Live events reload the first page: one load in flight, at most one more after it. */
    private final LiveReload live = new LiveReload(loading::get, this::liveReload);
    private boolean applyingDecision;

    public QueueViewModel(TellerClient client, UiExecutors executors, Dialogs dialogs) {
        this(client, executors, dialogs, PAGE_SIZE_DEFAULT);
    }

    public QueueViewModel(TellerClient client, UiExecutors executors, Dialogs dialogs, int pageSize) {
        this(client, executors, dialogs, pageSize, null);
    }

    /**
     * @param decisionsRefused why this operator may not approve or reject (their roles), or null when
     *                         they may; see {@link DecisionCardViewModel}
     */
    public QueueViewModel(TellerClient client, UiExecutors executors, Dialogs dialogs, int pageSize,
                          String decisionsRefused) {
        this(client, executors, pageSize, new DecisionCardViewModel(client, executors, dialogs, decisionsRefused, false));
    }

    /** A queue whose selected order opens in {@code card}. */
    public QueueViewModel(TellerClient client, UiExecutors executors, int pageSize, DecisionCardViewModel card) {
        if (pageSize < 1 || pageSize > OrderQuery.LIMIT_MAX) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + OrderQuery.LIMIT_MAX);
        }
        this.pageSize = pageSize;
        this.client = client;
        this.executors = executors;
        this.card = card;
        this.livePulse = executors::onUi;
        card.setAfterDecision(this::afterDecision);
        hasMore = nextCursor.isNotNull();
        selected.addListener((obs, before, row) -> {
            if (row != null && !applyingDecision) {
                card.open(row);
            }
        });
        typeFilter.addListener((obs, before, type) -> {
            if (filters.get().type() != type) {
                filters.set(filters.get().withType(type));
            }
        });
        filters.addListener((obs, before, now) -> {
            QueueFilters current = now == null ? QueueFilters.NONE : now;
            if (typeFilter.get() != current.type()) {
                typeFilter.set(current.type());
            }
            if (!restoring) {
                filterMemory.save(current.encode());
                refresh();
            }
        });
    }

    /**
     * Who this console is signed in as (claims by this id are "mine"), the clock claims are judged by,
     * and where filters are remembered; restores the remembered filters without loading.
     */
    public void configure(String operatorId, Clock clock, FilterMemory memory) {
        card.configure(operatorId, clock);
        this.filterMemory = memory == null ? FilterMemory.NONE : memory;
        restoring = true; // restoring is neither a change to save nor a load: the screen's first load follows
        try {
            filters.set(QueueFilters.decode(filterMemory.load()));
        } finally {
            restoring = false;
        }
    }

    /** The decision card the selected order opens in. */
    public DecisionCardViewModel card() {
        return card;
    }

    public ObjectProperty<QueueFilters> filtersProperty() {
        return filters;
    }

    /** The signed-in operator's id, for "mine" claims in the list. */
    public String operatorId() {
        return card.operatorId();
    }

    public Instant now() {
        return card.now();
    }

    public ObservableList<OrderView> orders() {
        return orders;
    }

    public ObjectProperty<OrderType> typeFilterProperty() {
        return typeFilter;
    }

    /** The row selected in the queue; selecting one opens it in the card. */
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

    /** Reloads the first page of the queue with the current filter, and the order shown in detail (F5). */
    public void refresh() {
        // E.g. an order that was still EXECUTING: the operator refreshes to see how it ended.
        card.reload(null);
        long generation = ++listGeneration;
        OrderQuery query = query();
        loading.set(true);
        executors.run(() -> client.listOrders(query), page -> {
            if (generation != listGeneration) {
                return;
            }
            loading.set(false);
            error.set("");
            OrderView wasSelected = selected.get();
            applyingDecision = true;
            try {
                orders.setAll(page.items());
                selected.set(wasSelected == null ? null : page.items().stream()
                        .filter(o -> o.id().equals(wasSelected.id())).findFirst().orElse(null));
            } finally {
                applyingDecision = false;
            }
            nextCursor.set(page.nextCursor());
            live.loaded();
            if (selected.get() == null && !orders.isEmpty() && selectFirst) {
                // Opening the queue: the oldest order (first under the queue's order) is ready for A / R.
                selected.set(orders.get(0));
            }
        }, failure -> listFailed(generation, failure));
    }

    private boolean selectFirst;

    /** Whether a load that finds nothing selected selects the first order (the screen's keyboard flow). */
    public void setSelectFirst(boolean selectFirst) {
        this.selectFirst = selectFirst;
    }

    private OrderQuery query() {
        QueueFilters f = filters.get() == null ? QueueFilters.NONE : filters.get();
        return OrderQuery.pending(f.type(), pageSize).withFilters(f.params());
    }

    /** Moves the selection one order down (J) or up (K) in the list. */
    public void move(int step) {
        if (orders.isEmpty()) {
            return;
        }
        OrderView current = selected.get();
        int index = current == null ? -1 : orders.indexOf(current);
        int next = index < 0 ? 0 : Math.max(0, Math.min(orders.size() - 1, index + step));
        if (orders.get(next) != current) {
            selected.set(orders.get(next));
        }
    }

    /** The screen is left: the claim this console holds is released. */
    public void leave() {
        card.leave();
    }

    /** Appends the next page, if there is one. */
    public void loadMore() {
        String cursor = nextCursor.get();
        if (cursor == null || loading.get()) {
            return;
        }
        long generation = ++listGeneration;
        OrderQuery query = query().next(cursor);
        loading.set(true);
        executors.run(() -> client.listOrders(query), (OrderPage page) -> {
            if (generation != listGeneration) {
                return;
            }
            loading.set(false);
            error.set("");
            Set<String> known = new java.util.HashSet<>(orders.stream().map(OrderView::id).toList());
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
            "ORDER_REJECTED", "ORDER_EXECUTING", "ORDER_VOIDED", "GAME_LOAD_FAILED", "PAYOUT_FAILED", "RESYNC",
            "ORDER_CLAIMED", "ORDER_RELEASED");

    /**
     * A live event from the server (on the UI thread), without its payload: the order's status is not
     * known, so a change of it reloads the first page as a {@link #serverEvent(LiveChange) RESYNC} does,
     * except that a new order (ORDER_CREATED) is applied as {@link #serverEvent(LiveChange)} does.
     */
    public void serverEvent(String type, String orderId) {
        serverEvent(new LiveChange(type, orderId, "ORDER_CREATED".equals(type) ? OrderStatus.PENDING_REVIEW : null,
                null, null));
    }

    /**
     * What one live event says about an order: its type, the order's id and status after it (null when
     * not known), and for ORDER_CLAIMED who holds the claim until when, for ORDER_RELEASED who held it
     * (decision 0195).
     */
    public record LiveChange(String type, String orderId, OrderStatus status, OrderView.Person claimant,
                             Instant claimExpiresAt) {
    }

    /**
     * A live event from the server (on the UI thread). Events are not applied one by one: they wait
     * for the next pulse ({@link #setLivePulse}), which applies all that arrived meanwhile as one change
     * of the list, from the events themselves (decision 0195):
     * <ul>
     *   <li>an order that left PENDING_REVIEW leaves the list (no request);</li>
     *   <li>a claim or its release updates its row from the event (no request);</li>
     *   <li>a new order is past the last loaded page when more pages wait and the queue is oldest
     *       first: nothing to load; otherwise (the list is complete, or sorted by amount or risk) the
     *       first page reloads;</li>
     *   <li>another change of a listed pending order (e.g. a first of two approvals) reads that order;</li>
     *   <li>RESYNC, an event whose status is unknown, or a change of a pending order while the "claimed" or
     *       "flagged" filter is chosen (the change may move it in or out), reloads the first page.</li>
     * </ul>
     * Reloads are coalesced: one in flight and at most one after it. The card reloads the order it
     * shows when an event concerns it (not for this operator's own claim).
     */
    public void serverEvent(LiveChange change) {
        if (!QUEUE_EVENTS.contains(change.type())) {
            return;
        }
        liveChanges.add(change);
        if (!pulseScheduled) {
            pulseScheduled = true;
            livePulse.execute(this::applyLiveChanges);
        }
    }

    /**
     * Where the live events' batch is applied: {@code pulse} runs it on the UI thread after the events
     * already queued there (the FX pulse in the app, {@code Platform::runLater}). Defaults to the
     * executors' UI thread (inline in tests: each event is applied at once).
     */
    public void setLivePulse(java.util.concurrent.Executor pulse) {
        this.livePulse = java.util.Objects.requireNonNull(pulse);
    }

    /** How many times live events changed the list (one per pulse at most): for tests of the batching. */
    public long liveListChanges() {
        return liveListChanges;
    }

    private final List<LiveChange> liveChanges = new java.util.ArrayList<>();
    private boolean pulseScheduled;
    private java.util.concurrent.Executor livePulse;
    private long liveListChanges;

    private void applyLiveChanges() {
        pulseScheduled = false;
        if (liveChanges.isEmpty()) {
            return;
        }
        List<LiveChange> batch = List.copyOf(liveChanges);
        liveChanges.clear();
        boolean reload = false;
        java.util.Set<String> leaving = new java.util.HashSet<>();
        java.util.Map<String, LiveChange> claims = new java.util.HashMap<>();
        java.util.Set<String> reread = new java.util.LinkedHashSet<>();
        java.util.Set<String> cardReloads = new java.util.LinkedHashSet<>();
        QueueFilters shown = filters.get() == null ? QueueFilters.NONE : filters.get();
        boolean oldestFirst = shown.sort() == null;
        // With "claimed by me / unclaimed" or "flagged" chosen, a claim or another change may move an order in or
        // out of the list: only the server's filter can say, so the first page reloads.
        boolean membershipMayChange = shown.claimed() != null || shown.flagged() != null;
        java.util.Set<String> listed = new java.util.HashSet<>();
        orders.forEach(o -> listed.add(o.id()));
        for (LiveChange change : batch) {
            String id = change.orderId();
            boolean ownClaim = ("ORDER_CLAIMED".equals(change.type()) || "ORDER_RELEASED".equals(change.type()))
                    && change.claimant() != null && operatorId() != null && operatorId().equals(change.claimant().id());
            if (!ownClaim) {
                cardReloads.add(id == null ? "" : id);
            }
            if (id == null || change.status() == null) {
                reload = true;
            } else if (change.status() != OrderStatus.PENDING_REVIEW) {
                leaving.add(id);
                claims.remove(id);
                reread.remove(id);
            } else if ("ORDER_CREATED".equals(change.type())) {
                reload |= !oldestFirst || nextCursor.get() == null;
            } else if (membershipMayChange) {
                reload = true;
            } else if ("ORDER_CLAIMED".equals(change.type()) || "ORDER_RELEASED".equals(change.type())) {
                leaving.remove(id);
                claims.put(id, change);
            } else if (listed.contains(id)) {
                leaving.remove(id);
                reread.add(id);
            }
        }
        for (String id : cardReloads) {
            card.reload(id.isEmpty() ? null : id);
        }
        applyToList(leaving, claims);
        if (reload) {
            live.changed();
        } else if (!reread.isEmpty()) {
            rereadRows(List.copyOf(reread));
        }
    }

    /** One change of the list for a whole batch: rows that left go, claimed and released rows are replaced. */
    private void applyToList(java.util.Set<String> leaving, java.util.Map<String, LiveChange> claims) {
        if (leaving.isEmpty() && claims.isEmpty()) {
            return;
        }
        List<OrderView> now = new java.util.ArrayList<>(orders.size());
        boolean changed = false;
        for (OrderView row : orders) {
            if (leaving.contains(row.id())) {
                changed = true;
                continue;
            }
            LiveChange claim = claims.get(row.id());
            if (claim != null) {
                row = "ORDER_CLAIMED".equals(claim.type()) ? row.withClaim(claim.claimant(), claim.claimExpiresAt())
                        : row.withClaim(null, null);
                changed = true;
            }
            now.add(row);
        }
        if (changed) {
            replaceRows(now);
        }
    }

    /** Replaces the list's rows (one list change), keeping the selected order selected when it stays. */
    private void replaceRows(List<OrderView> now) {
        OrderView wasSelected = selected.get();
        applyingDecision = true; // the same selection again is not a new "open"
        try {
            int wasAt = wasSelected == null ? -1 : orders.indexOf(wasSelected);
            orders.setAll(now);
            selected.set(wasSelected == null ? null : now.stream()
                    .filter(o -> o.id().equals(wasSelected.id())).findFirst().orElse(null));
            if (wasSelected != null && selected.get() == null) {
                leftSelected = wasSelected.id();
                leftSelectedAt = wasAt;
            }
        } finally {
            applyingDecision = false;
        }
        liveListChanges++;
    }

    /** Reads listed pending orders whose row changed (e.g. a first approval) and replaces their rows. */
    private void rereadRows(List<String> ids) {
        long generation = listGeneration;
        executors.run(() -> {
            List<OrderView> read = new java.util.ArrayList<>();
            for (String id : ids) {
                read.add(client.order(id));
            }
            return read;
        }, read -> {
            if (generation != listGeneration) {
                return; // a reload answered meanwhile
            }
            java.util.Map<String, OrderView> byId = new java.util.HashMap<>();
            read.forEach(o -> byId.put(o.id(), o));
            List<OrderView> now = new java.util.ArrayList<>(orders.size());
            for (OrderView row : orders) {
                OrderView fresh = byId.get(row.id());
                if (fresh == null) {
                    now.add(row);
                } else if (fresh.status() == OrderStatus.PENDING_REVIEW) {
                    now.add(fresh);
                }
            }
            replaceRows(now);
        }, failure -> live.changed());
    }

    /** Event types that change what the order detail shows (forwarding, flags, score) but not the queue. */
    public static final Set<String> DETAIL_EVENTS = Set.of("PROOF_FORWARD_UPDATED", "FLAG_RAISED", "FLAG_RESOLVED");

    /**
     * A live change of an order's proof forwarding or of a player's fraud flags (on the UI thread):
     * the detail pane reloads when it shows that order or an order of that player.
     */
    public void detailEvent(String orderId, String playerId) {
        card.detailEvent(orderId, playerId);
    }

    private void liveReload() {
        long generation = ++listGeneration;
        OrderQuery query = query();
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
            liveListChanges++;
            card.reloadUndecided();
            live.loaded();
        }, failure -> listFailed(generation, failure));
    }

    /** Opens the selected row in the card again (Enter), e.g. after a decision showed another order. */
    public void openSelected() {
        if (selected.get() != null) {
            card.open(selected.get());
        }
    }

    /** The selected order a live change took out of the list (its decision's answer may still come), and where it was. */
    private String leftSelected;
    private int leftSelectedAt = -1;

    /**
     * After a decision (the card shows its outcome): the decided order leaves the list, or stays showing
     * "1 of 2", and the next order of the same filter is selected, which opens and claims it.
     */
    private void afterDecision(OrderView order) {
        int index = -1;
        for (int i = 0; i < orders.size(); i++) {
            if (orders.get(i).id().equals(order.id())) {
                index = i;
            }
        }
        boolean stays = order.status() == OrderStatus.PENDING_REVIEW;
        // Its live event may have come before the answer and taken the row away: the next order is then the
        // one that followed it, now at its place, not the list's first.
        boolean gone = index < 0 && !stays && order.id().equals(leftSelected) && leftSelectedAt >= 0;
        OrderView next;
        applyingDecision = true;
        try {
            if (index >= 0 && stays) {
                orders.set(index, order);
            } else if (index >= 0) {
                orders.remove(index);
            }
            int nextIndex = gone ? leftSelectedAt : index < 0 ? 0 : stays ? index + 1 : index;
            next = nextIndex < orders.size() ? orders.get(nextIndex) : null;
            selected.set(null);
        } finally {
            applyingDecision = false;
        }
        if (next != null) {
            selected.set(next);
        }
    }
}
