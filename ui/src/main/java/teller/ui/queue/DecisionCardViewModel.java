package teller.ui.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import teller.ui.api.ApiException;
import teller.ui.api.Decision;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderType;
import teller.ui.api.OrderView;
import teller.ui.api.PlayerView;
import teller.ui.api.Preview;
import teller.ui.api.ProviderInfo;
import teller.ui.api.ServerUnreachableException;
import teller.ui.api.TellerClient;
import teller.ui.common.Dialogs;
import teller.ui.common.ErrorText;
import teller.ui.common.UiExecutors;

/**
 * The decision card (issue #12): one order in detail with its player's balance, the approval preview
 * (checks and postings), the proof image, the claim this console holds on it (or another operator's),
 * and the approve / reject commands with their outcome. All server calls run through
 * {@link UiExecutors}; answers to superseded requests are dropped. No FX thread is needed: tests drive
 * it with an inline executor.
 *
 * <p>The queue opens rows in it ({@link #open(OrderView)}) and hears of each decision through
 * {@link #setAfterDecision(Consumer)} to move on to the next order.
 */
public final class DecisionCardViewModel {
    private final TellerClient client;
    private final UiExecutors executors;
    /** The payment proof of the order shown. */
    private final ProofViewModel proof;
    private long detailGeneration;
    private long previewGeneration;
    private final Dialogs dialogs;
    private final String decisionsRefused;
    private final boolean mayTakeOver;

    private final ReadOnlyObjectWrapper<OrderView> detail = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<PlayerView> detailPlayer = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper detailLoading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper detailError = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper deciding = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Outcome> outcome = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Preview> preview = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper previewError = new ReadOnlyStringWrapper("");
    /** The claim this console holds on the shown order, and another operator's ("being reviewed by X (4 min)"). */
    private final CardClaims claims;
    private final ReadOnlyStringProperty claimNotice;
    /** The providers as last read, for the SANDBOX badge of the shown order's provider. */
    private final ReadOnlyObjectWrapper<Map<String, ProviderInfo>> providers = new ReadOnlyObjectWrapper<>(Map.of());
    private final StringBinding decideRefusal;
    private final StringBinding approveRefusal;
    private final StringBinding sandbox;
    private final BooleanBinding canDecide;
    private final BooleanBinding canApprove;
    private final BooleanBinding canTakeOver;

    private String operatorId;
    private Clock clock = Clock.systemUTC();
    private boolean keepOutcome;
    /** The order whose decision's answer was lost (NOT_DECIDED banner); the next load of it answers the question. */
    private String undecidedOrderId;
    private static final String NOT_DECIDED = Outcome.NOT_DECIDED;
    private Consumer<OrderView> afterDecision = order -> { };
    /** Keys of decisions whose answer never arrived: repeating that action reuses its key, so it cannot apply twice. */
    private final Map<String, String> unansweredKeys = new HashMap<>();

    /**
     * @param decisionsRefused why this operator may not approve or reject (their roles), or null when
     *                         they may; the buttons then stay disabled and say why. The server refuses
     *                         such a decision either way.
     * @param mayTakeOver      whether this operator (SUPERVISOR or ADMIN) may take over another's claim
     */
    public DecisionCardViewModel(TellerClient client, UiExecutors executors, Dialogs dialogs, String decisionsRefused,
                                 boolean mayTakeOver) {
        this.client = client;
        this.executors = executors;
        this.proof = new ProofViewModel(client, executors);
        this.dialogs = dialogs;
        this.decisionsRefused = decisionsRefused;
        this.mayTakeOver = mayTakeOver && decisionsRefused == null;
        claims = new CardClaims(client, executors, detail::get, this::now, () -> operatorId);
        claimNotice = claims.noticeProperty();
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
                return "This order is " + claimNotice.get() + "; it can be decided once they move on or their claim ends"
                        + (this.mayTakeOver ? ", or after you take it over." : ".");
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
        canTakeOver = Bindings.createBooleanBinding(() -> this.mayTakeOver && !deciding.get() && detail.get() != null
                && detail.get().status() == OrderStatus.PENDING_REVIEW && !claimNotice.get().isEmpty(),
                deciding, detail, claimNotice);
        sandbox = Bindings.createStringBinding(() -> {
            OrderView order = detail.get();
            // A deposit only posts to the ledger; game loads and withdrawals execute through a provider.
            ProviderInfo provider = order == null || order.type() == OrderType.DEPOSIT ? null
                    : providers.get().get(ProviderInfo.idFor(order.type()));
            if (provider == null || !provider.sandbox()) {
                return "";
            }
            return "SANDBOX — " + provider.label() + " is a sandbox: executing this order moves no real money.";
        }, detail, providers);
    }

    /** Who this console is signed in as (claims by this id are "mine") and the clock claims are judged by. */
    public void configure(String operatorId, Clock clock) {
        this.operatorId = operatorId;
        this.clock = clock == null ? Clock.systemUTC() : clock;
    }

    /**
     * Called after each decision with the server's copy of the order, the outcome already shown: the
     * queue updates its list and opens the next order (the outcome stays). When nothing else is opened,
     * the card keeps showing the decided order.
     */
    public void setAfterDecision(Consumer<OrderView> afterDecision) {
        this.afterDecision = afterDecision == null ? order -> { } : afterDecision;
    }

    /** The providers as the console last read them (the card's SANDBOX badge). */
    public void providersChanged(Map<String, ProviderInfo> byId) {
        providers.set(byId == null ? Map.of() : Map.copyOf(byId));
    }

    /** The signed-in operator's id, for "mine" claims. */
    public String operatorId() {
        return operatorId;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The order shown; it stays after a decision removed it from the queue. */
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

    /** The approval preview of the shown order for this operator (null while loading or unavailable). */
    public ReadOnlyObjectProperty<Preview> previewProperty() {
        return preview.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty previewErrorProperty() {
        return previewError.getReadOnlyProperty();
    }

    /** The shown order's payment proof. */
    public ProofViewModel proof() {
        return proof;
    }

    public ReadOnlyStringProperty claimNoticeProperty() {
        return claimNotice;
    }

    /** "SANDBOX — …" when the shown order executes through a sandbox provider; empty otherwise. */
    public StringBinding sandboxProperty() {
        return sandbox;
    }

    /** Why Approve is disabled, in plain words (empty when it is not). */
    public StringBinding approveRefusalProperty() {
        return approveRefusal;
    }

    /** Why Reject is disabled, in plain words (empty when it is not). */
    public StringBinding decideRefusalProperty() {
        return decideRefusal;
    }

    /** True while the shown order is pending, this operator may decide it and the preview lets approve through. */
    public BooleanBinding canApproveProperty() {
        return canApprove;
    }

    /** True while the shown order is pending and no decision is running. */
    public BooleanBinding canDecideProperty() {
        return canDecide;
    }

    /** True while another operator holds the shown pending order and this one (a SUPERVISOR or ADMIN) may take it over. */
    public BooleanBinding canTakeOverProperty() {
        return canTakeOver;
    }

    /** Why this operator may not approve or reject at all, or null when their roles allow it. */
    public String decisionsRefused() {
        return decisionsRefused;
    }

    /** Shows {@code row} (from a list; the full order, the balance, preview and proof follow) and claims it. */
    public void open(OrderView row) {
        boolean another = detail.get() == null || !detail.get().id().equals(row.id());
        if (another) {
            if (!keepOutcome) {
                outcome.set(null);
            }
            detailPlayer.set(null);
            preview.set(null);
            previewError.set("");
            proof.clear();
            claims.moveTo(row.id());
        }
        // The list row already has what the card shows first; the full order and the balance follow.
        detail.set(row);
        claims.showOf(row);
        claim(row);
        reloadDetail(row.id(), row.playerId());
    }

    /** Reloads the shown order (F5, or a live event naming it or naming none), unless a decision is running. */
    public void reload(String orderId) {
        OrderView shown = detail.get();
        if (shown != null && !deciding.get() && (orderId == null || shown.id().equals(orderId))) {
            reloadDetail(shown.id(), shown.playerId());
        }
    }

    /** After the queue reloads (e.g. the connection is back): the order whose answer was lost is read again. */
    public void reloadUndecided() {
        OrderView shown = detail.get();
        if (shown != null && shown.id().equals(undecidedOrderId) && !deciding.get()) {
            reloadDetail(shown.id(), shown.playerId());
        }
    }

    /** A change of an order's forwarding or of a player's flags: reloads when the card shows that order or player. */
    public void detailEvent(String orderId, String playerId) {
        OrderView shown = detail.get();
        if (shown != null && !deciding.get()
                && (shown.id().equals(orderId) || shown.playerId().equals(playerId))) {
            reloadDetail(shown.id(), shown.playerId());
        }
    }

    /** The card is left: the claim this console holds is released. */
    public void leave() {
        claims.release();
    }

    /** Claims a pending order this operator may decide, unless another holds it (the server says so too). */
    private void claim(OrderView row) {
        if (mayClaim(row)) {
            claims.claim(row);
        }
    }

    private boolean mayClaim(OrderView row) {
        return decisionsRefused == null && row.status() == OrderStatus.PENDING_REVIEW;
    }

    /**
     * Takes over another operator's claim on the shown order (SUPERVISOR or ADMIN; the server audits it):
     * the card then holds the claim and A / R work.
     */
    public void takeOver() {
        OrderView order = detail.get();
        if (!canTakeOver.get()) {
            return;
        }
        String id = order.id();
        executors.run(() -> client.takeOverClaim(id), claim -> {
            claims.tookOver(id);
            OrderView shown = detail.get();
            if (shown != null && shown.id().equals(id)) {
                outcome.set(null);
                reloadDetail(id, shown.playerId());
            }
        }, failure -> {
            claims.failed(id, failure);
            String code = failure instanceof ApiException api ? api.code() : "NOT_TAKEN_OVER";
            outcome.set(Outcome.error(code, "Could not take the claim over. " + ErrorText.of(failure)));
        });
    }

    /**
     * Time passed (the screen calls this every half minute): another operator's claim counts down its
     * minutes on the card, and once it has ended by itself the order is this operator's to claim and decide.
     */
    public void tick() {
        OrderView shown = detail.get();
        claims.tick(shown != null && mayClaim(shown));
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
            if (orderId.equals(undecidedOrderId)) {
                // The order as it is now answers "was it decided?": the stale banner goes (issue 16).
                undecidedOrderId = null;
                Outcome shown = outcome.get();
                if (shown != null && shown.kind() == Outcome.Kind.ERROR && NOT_DECIDED.equals(shown.code())) {
                    outcome.set(null);
                }
            }
            proof.showOf(loaded.order());
            // The claim this console holds is never "someone else's", whatever the order's copy says.
            if (!claims.holds(orderId)) {
                claims.showOf(loaded.order());
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

    /** Approves the shown order (key A), after one confirmation when approving it is risky ({@link ApprovalRisks}). */
    public void approve() {
        OrderView order = detail.get();
        if (!canApprove.get()) {
            return;
        }
        java.util.List<String> risks = risks(order);
        if (!risks.isEmpty() && !dialogs.confirmApproval(Outcome.summary(order), risks)) {
            return;
        }
        decide(order, "approve", "", key -> client.approve(order.id(), null, key));
    }

    /** What approving {@code order} risks (decision 0145); empty for an ordinary order. */
    public java.util.List<String> risks(OrderView order) {
        Preview p = preview.get();
        return ApprovalRisks.of(order, p == null || !order.id().equals(p.orderId()) ? null : p.confirmAboveAmount());
    }

    /** Asks for an optional note, then approves (Shift+A). Cancelling changes nothing. */
    public void approveWithNote() {
        OrderView order = detail.get();
        if (!canApprove.get()) {
            return;
        }
        // The note dialog names the risks itself: still one confirmation, not two.
        dialogs.askApproveNote(Outcome.summary(order), risks(order)).ifPresent(note -> {
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
            outcome.set(Outcome.error("REASON_REQUIRED", "A rejection needs a reason."));
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
            if (failure instanceof ApiException api && "ORDER_CLAIMED".equals(api.code())) {
                // Who holds it and for how long, as the card's notice says it (not the server's instant).
                claims.failed(order.id(), failure);
                String who = claimNotice.get().isEmpty() ? "being reviewed by another operator" : claimNotice.get();
                message = "This order is " + who + "; it can be decided once they move on or their claim ends.";
            }
            outcome.set(Outcome.error(code, message));
            if (failure instanceof ApiException api && (api.status() == 409 || api.status() == 0)) {
                // Someone else decided first, or the answer was unreadable: show what the order is now.
                reloadDetail(order.id(), order.playerId());
            }
        });
    }

    /**
     * Shows what the decision came to, from the server's answer (no reload of the order), and lets the
     * queue move on to its next order (which keeps this outcome shown). When none is opened, the card
     * shows the decided order and reads only the player's balance again.
     */
    private void applyDecision(Decision decision) {
        OrderView order = decision.order();
        claims.decided(order.id()); // a decision ends the claim on the server
        outcome.set(Outcome.of(decision));
        keepOutcome = true;
        try {
            afterDecision.accept(order);
        } finally {
            keepOutcome = false;
        }
        OrderView shown = detail.get();
        if (shown != null && !shown.id().equals(order.id())) {
            return; // the next order is open
        }
        detail.set(order);
        claims.clearOther();
        preview.set(null);
        executors.run(() -> client.player(order.playerId()), detailPlayer::set, failure -> { });
    }
}
