package teller.ui.queue;

import java.time.Clock;
import java.time.Instant;
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
import teller.ui.api.Preview;
import teller.ui.api.ProofImage;
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
    private final BooleanBinding canApprove;
    private final BooleanBinding hasMore;
    private final String decisionsRefused;

    // The decision card (issue #12): preview, proof, claims, filters.
    private final ObjectProperty<QueueFilters> filters = new SimpleObjectProperty<>(QueueFilters.NONE);
    private final ReadOnlyObjectWrapper<Preview> preview = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper previewError = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ProofImage> proof = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper proofMessage = new ReadOnlyStringWrapper("");
    /** "being reviewed by X (4 min)" when another operator holds the shown order; empty otherwise. */
    private final ReadOnlyStringWrapper claimNotice = new ReadOnlyStringWrapper("");
    /** Why Reject (and so Approve) is off, or empty. */
    private final javafx.beans.binding.StringBinding decideRefusal;
    /** Why Approve is off, or empty. */
    private final javafx.beans.binding.StringBinding approveRefusal;
    private String operatorId;
    private Clock clock = Clock.systemUTC();
    private FilterMemory filterMemory = FilterMemory.NONE;
    /** The order this console holds a claim on, released when the operator moves on. */
    private String heldClaim;
    private long previewGeneration;
    private long proofGeneration;
    private boolean keepOutcome;
    /** The order whose decision's answer was lost (NOT_DECIDED banner); the next load of it answers the question. */
    private String undecidedOrderId;
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
        decideRefusal = Bindings.createStringBinding(() -> {
            OrderView order = detail.get();
            if (decisionsRefused != null) {
                return decisionsRefused;
            }
            if (order == null) {
                return "";
            }
            if (order.status() != OrderStatus.PENDING_REVIEW) {
                return "This order is " + order.status().name() + "; only a pending order can be decided.";
            }
            if (!claimNotice.get().isEmpty()) {
                return "This order is " + claimNotice.get() + "; it can be decided once they move on or their claim ends.";
            }
            return "";
        }, detail, claimNotice);
        canDecide = Bindings.createBooleanBinding(() -> !deciding.get() && detail.get() != null
                && decideRefusal.get().isEmpty(), deciding, detail, decideRefusal);
        approveRefusal = Bindings.createStringBinding(() -> {
            if (!decideRefusal.get().isEmpty()) {
                return decideRefusal.get();
            }
            OrderView order = detail.get();
            Preview p = preview.get();
            if (order == null || p == null || !p.orderId().equals(order.id())) {
                return "";
            }
            String why = CardText.approveRefusal(p);
            return why == null ? "" : why;
        }, decideRefusal, preview, detail);
        canApprove = Bindings.createBooleanBinding(() -> canDecide.get() && approveRefusal.get().isEmpty(),
                canDecide, approveRefusal);
        hasMore = nextCursor.isNotNull();
        selected.addListener((obs, before, row) -> {
            if (row != null && !applyingDecision) {
                open(row);
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
        this.operatorId = operatorId;
        this.clock = clock == null ? Clock.systemUTC() : clock;
        this.filterMemory = memory == null ? FilterMemory.NONE : memory;
        restoring = true; // restoring is neither a change to save nor a load: the screen's first load follows
        try {
            filters.set(QueueFilters.decode(filterMemory.load()));
        } finally {
            restoring = false;
        }
    }

    public ObjectProperty<QueueFilters> filtersProperty() {
        return filters;
    }

    /** The approval preview of the shown order for this operator (null while loading or unavailable). */
    public ReadOnlyObjectProperty<Preview> previewProperty() {
        return preview.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty previewErrorProperty() {
        return previewError.getReadOnlyProperty();
    }

    /** The shown order's proof image, once received. */
    public ReadOnlyObjectProperty<ProofImage> proofProperty() {
        return proof.getReadOnlyProperty();
    }

    /** Why no image shows ("No payment proof", "only its hash remains", an error), or empty. */
    public ReadOnlyStringProperty proofMessageProperty() {
        return proofMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty claimNoticeProperty() {
        return claimNotice.getReadOnlyProperty();
    }

    /** Why Approve is disabled, in plain words (empty when it is not). */
    public javafx.beans.binding.StringBinding approveRefusalProperty() {
        return approveRefusal;
    }

    /** Why Reject is disabled, in plain words (empty when it is not). */
    public javafx.beans.binding.StringBinding decideRefusalProperty() {
        return decideRefusal;
    }

    /** True while the shown order is pending, this operator may decide it and the preview lets approve through. */
    public BooleanBinding canApproveProperty() {
        return canApprove;
    }

    /** The signed-in operator's id, for "mine" claims. */
    public String operatorId() {
        return operatorId;
    }

    public Instant now() {
        return clock.instant();
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
        releaseHeldClaim();
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
            "ORDER_REJECTED", "ORDER_EXECUTING", "ORDER_VOIDED", "GAME_LOAD_FAILED", "PAYOUT_FAILED", "RESYNC",
            "ORDER_CLAIMED", "ORDER_RELEASED");

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

    private static final String NOT_DECIDED = "NOT_DECIDED";

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
            OrderView open = detail.get();
            if (open != null && open.id().equals(undecidedOrderId) && !deciding.get()) {
                reloadDetail(open.id(), open.playerId());
            }
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
        boolean another = detail.get() == null || !detail.get().id().equals(row.id());
        if (another) {
            if (!keepOutcome) {
                outcome.set(null);
            }
            detailPlayer.set(null);
            preview.set(null);
            previewError.set("");
            proof.set(null);
            proofMessage.set("");
            proofOrderId = null;
            ++proofGeneration;
            if (heldClaim != null && !heldClaim.equals(row.id())) {
                releaseHeldClaim();
            }
        }
        // The list row already has what the pane shows first; the full order and the balance follow.
        detail.set(row);
        claimNotice.set(orEmpty(CardText.claimedByOther(row, operatorId, now())));
        claim(row);
        reloadDetail(row.id(), row.playerId());
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /** Claims a pending order this operator may decide, unless another holds it (the server says so too). */
    private void claim(OrderView row) {
        if (decisionsRefused != null || row.status() != OrderStatus.PENDING_REVIEW || !claimNotice.get().isEmpty()) {
            return;
        }
        String id = row.id();
        heldClaim = id;
        executors.run(() -> client.claim(id), claim -> {
            OrderView shown = detail.get();
            if (shown != null && shown.id().equals(id)) {
                claimNotice.set("");
            }
        }, failure -> {
            if (id.equals(heldClaim)) {
                heldClaim = null;
            }
            OrderView shown = detail.get();
            if (shown != null && shown.id().equals(id) && failure instanceof ApiException api
                    && "ORDER_CLAIMED".equals(api.code())) {
                claimNotice.set(claimedNotice(api));
            }
        });
    }

    private String claimedNotice(ApiException api) {
        Object by = api.details().get("claimedBy");
        String username = by instanceof Map<?, ?> m && m.get("username") != null ? m.get("username").toString() : "another operator";
        Object until = api.details().get("expiresAt");
        Instant expires = null;
        try {
            expires = until == null ? null : Instant.parse(until.toString());
        } catch (java.time.format.DateTimeParseException ignored) {
            // shown without the minutes
        }
        return CardText.beingReviewed(username, expires, now());
    }

    private void releaseHeldClaim() {
        String id = heldClaim;
        heldClaim = null;
        if (id != null) {
            executors.run(() -> {
                client.releaseClaim(id);
                return id;
            }, released -> { }, failure -> { });
        }
    }

    private void loadPreview(String orderId) {
        if (decisionsRefused != null) {
            return;
        }
        long generation = ++previewGeneration;
        executors.run(() -> client.preview(orderId), loaded -> {
            if (generation != previewGeneration) {
                return;
            }
            preview.set(loaded);
            previewError.set("");
        }, failure -> {
            if (generation != previewGeneration) {
                return;
            }
            preview.set(null);
            previewError.set("Could not preview the approval. " + ErrorText.of(failure));
        });
    }

    /** The order whose proof {@link #proof} and {@link #proofMessage} describe. */
    private String proofOrderId;

    private void loadProof(OrderView row) {
        long generation = ++proofGeneration;
        proofOrderId = row.id();
        if (row.proof() == null || row.proof().sha256() == null) {
            proof.set(null);
            proofMessage.set("No payment proof came with this order.");
            return;
        }
        String id = row.id();
        executors.run(() -> client.proof(id), image -> {
            if (generation != proofGeneration) {
                return;
            }
            proof.set(image);
            proofMessage.set("");
        }, failure -> {
            if (generation != proofGeneration) {
                return;
            }
            proof.set(null);
            if (failure instanceof ApiException api && "PROOF_EXPIRED".equals(api.code())) {
                proofMessage.set("The image is no longer kept (only its hash remains).");
            } else if (failure instanceof ApiException api && "NO_PROOF".equals(api.code())) {
                proofMessage.set("No payment proof came with this order.");
            } else {
                proofMessage.set("Could not load the proof image. " + ErrorText.of(failure));
            }
        });
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
            if (orderId.equals(undecidedOrderId)) {
                // The order as it is now answers "was it decided?": the stale banner goes (issue 16).
                undecidedOrderId = null;
                Outcome shown = outcome.get();
                if (shown != null && shown.kind() == Outcome.Kind.ERROR && NOT_DECIDED.equals(shown.title())) {
                    outcome.set(null);
                }
            }
            detailPlayer.set(loaded.player());
            if (!orderId.equals(proofOrderId)) {
                // List rows do not carry the proof; the full order says whether there is one.
                loadProof(loaded.order());
            }
            // The claim this console holds is never "someone else's", whatever the order's copy says.
            if (!orderId.equals(heldClaim)) {
                claimNotice.set(orEmpty(CardText.claimedByOther(loaded.order(), operatorId, now())));
            }
            loadPreview(orderId);
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
        if (!canApprove.get()) {
            return;
        }
        decide(order, "approve", "", key -> client.approve(order.id(), null, key));
    }

    /** Asks for an optional note, then approves (Shift+A). Cancelling changes nothing. */
    public void approveWithNote() {
        OrderView order = detail.get();
        if (!canApprove.get()) {
            return;
        }
        dialogs.askApproveNote(Outcome.summary(order)).ifPresent(note -> {
            String clean = note.isBlank() ? null : note.strip();
            decide(order, "approve", clean == null ? "" : clean, key -> client.approve(order.id(), clean, key));
        });
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
            undecidedOrderId = unknown ? order.id() : null;
            String code = failure instanceof ApiException api ? api.code() : NOT_DECIDED;
            String message = failure instanceof ApiException api ? api.getMessage() : ErrorText.of(failure)
                    + (unknown ? " The outcome is unknown: doing the same again repeats the same request safely." : "");
            outcome.set(new Outcome(Outcome.Kind.ERROR, code, message));
            if (failure instanceof ApiException api && (api.status() == 409 || api.status() == 0)) {
                // Someone else decided first, or the answer was unreadable: show what the order is now.
                reloadDetail(order.id(), order.playerId());
            }
        });
    }

    /**
     * Shows what the decision came to, from the server's answer (no reload of the order), and moves on
     * to the next order of the same filter, which is selected and claimed. A first of two approvals
     * keeps the order in the list, now showing "1 of 2".
     */
    private void applyDecision(Decision decision) {
        OrderView order = decision.order();
        Outcome result = Outcome.of(decision);
        if (order.id().equals(heldClaim)) {
            heldClaim = null; // a decision ends the claim on the server
        }
        int index = -1;
        for (int i = 0; i < orders.size(); i++) {
            if (orders.get(i).id().equals(order.id())) {
                index = i;
            }
        }
        boolean stays = order.status() == OrderStatus.PENDING_REVIEW;
        OrderView next;
        applyingDecision = true;
        try {
            if (index >= 0 && stays) {
                orders.set(index, order);
            } else if (index >= 0) {
                orders.remove(index);
            }
            int nextIndex = index < 0 ? 0 : stays ? index + 1 : index;
            next = nextIndex < orders.size() ? orders.get(nextIndex) : null;
            selected.set(null);
        } finally {
            applyingDecision = false;
        }
        outcome.set(result);
        if (next != null) {
            keepOutcome = true;
            try {
                selected.set(next);
            } finally {
                keepOutcome = false;
            }
            return;
        }
        detail.set(order);
        claimNotice.set("");
        preview.set(null);
        // The order is the server's answer; only the player's balance is read again.
        executors.run(() -> client.player(order.playerId()), detailPlayer::set, failure -> { });
    }
}
