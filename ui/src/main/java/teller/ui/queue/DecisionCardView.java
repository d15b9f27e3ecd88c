package teller.ui.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderType;
import teller.ui.api.OrderView;
import teller.ui.api.PlayerView;
import teller.ui.common.AgeFormat;
import teller.ui.common.IdLinks;
import teller.ui.common.MoneyFormat;

/**
 * The decision card's controller ({@code DecisionCardView.fxml}): the order, its player, the approval
 * preview, the proof image, the claim and the Approve / Reject / Take over buttons. State and commands
 * live in {@link DecisionCardViewModel}; this class only binds and forwards. The queue screen hosts it
 * and forwards its keys (A, Shift+A, R, Space).
 */
public final class DecisionCardView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final String NONE = "—";
    private static final List<String> OUTCOME_STYLES = List.of("outcome-executed", "outcome-failed",
            "outcome-in-flight", "outcome-rejected", "outcome-error", "outcome-partly-approved");

    private final DecisionCardViewModel viewModel;
    private final ZoneId zone = ZoneId.systemDefault();

    @FXML private Label claimNotice;
    @FXML private HBox claimBar;
    @FXML private Button takeOverButton;
    @FXML private Label cardSandbox;
    @FXML private Label approvalsLabel;
    @FXML private VBox previewBox;
    @FXML private VBox checksList;
    @FXML private VBox postingsList;
    @FXML private Label previewError;
    @FXML private Label approveReason;
    @FXML private javafx.scene.layout.Region proofHost;
    @FXML private Label orderMaker;
    @FXML private VBox placeholder;
    @FXML private ScrollPane detailScroll;
    @FXML private VBox decisionBar;
    @FXML private VBox outcomeBox;
    @FXML private Label outcomeTitle;
    @FXML private Label outcomeMessage;
    @FXML private Label detailType;
    @FXML private Label detailStatus;
    @FXML private ProgressIndicator detailLoading;
    @FXML private Label detailAmount;
    @FXML private Label detailSubtitle;
    @FXML private Label detailError;
    @FXML private Label playerName;
    @FXML private Label playerBalance;
    @FXML private Label playerAvailable;
    @FXML private Label playerStatus;
    @FXML private Label orderGame;
    @FXML private Label orderMethod;
    @FXML private Label orderChannel;
    @FXML private Label orderDecision;
    @FXML private Label execStatus;
    @FXML private Label execAttempts;
    @FXML private Label execError;
    @FXML private Label execReference;
    @FXML private Label execAt;
    @FXML private Label riskLevel;
    @FXML private Label riskFlags;
    @FXML private Label riskLimits;
    @FXML private Label riskProof;
    @FXML private Button approveButton;
    @FXML private Button rejectButton;
    @FXML private ProgressIndicator deciding;

    private Parent root;

    private final ProofView proofView;

    public DecisionCardView(DecisionCardViewModel viewModel) {
        this.viewModel = viewModel;
        this.proofView = new ProofView(viewModel.proof(), viewModel.detailProperty(), this::contentWidth);
    }

    /** The width inside the detail pane's padding, where the proof's card is laid out; 0 before layout. */
    private double contentWidth() {
        double viewport = detailScroll.getViewportBounds() == null ? 0 : detailScroll.getViewportBounds().getWidth();
        return viewport <= 0 ? 0 : viewport - detailPane.getInsets().getLeft() - detailPane.getInsets().getRight();
    }

    /** Whether {@link #load()} has built the card. */
    public boolean loaded() {
        return root != null;
    }

    /** Loads the FXML with this instance as its controller; the view model may already show an order. */
    public Parent load() {
        FXMLLoader loader = new FXMLLoader(DecisionCardView.class.getResource("DecisionCardView.fxml"));
        loader.setControllerFactory(type -> this);
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load DecisionCardView.fxml", e);
        }
        return root;
    }

    @FXML
    private void initialize() {
        bindDetail();
        bindCard();
        bindClaimAndSandbox();
    }

    private void bindClaimAndSandbox() {
        claimBar.visibleProperty().bind(viewModel.claimNoticeProperty().isNotEmpty());
        claimBar.managedProperty().bind(claimBar.visibleProperty());
        takeOverButton.visibleProperty().bind(viewModel.canTakeOverProperty());
        takeOverButton.managedProperty().bind(takeOverButton.visibleProperty());
        takeOverButton.setTooltip(new Tooltip("Take the claim over (SUPERVISOR / ADMIN; audited), then decide the order"));
        cardSandbox.visibleProperty().bind(viewModel.sandboxProperty().isNotEmpty());
        cardSandbox.managedProperty().bind(cardSandbox.visibleProperty());
        Tooltip sandboxWhy = new Tooltip();
        sandboxWhy.textProperty().bind(viewModel.sandboxProperty());
        cardSandbox.setTooltip(sandboxWhy);
    }

    private void bindDetail() {
        var detail = viewModel.detailProperty();
        var player = viewModel.detailPlayerProperty();
        placeholder.visibleProperty().bind(detail.isNull());
        detailScroll.visibleProperty().bind(detail.isNotNull());
        decisionBar.visibleProperty().bind(detail.isNotNull());
        decisionBar.managedProperty().bind(decisionBar.visibleProperty());

        detailType.textProperty().bind(text(detail, o -> o.type().label()));
        detail.addListener((obs, before, order) -> stylePills(order));
        stylePills(detail.get());
        detailStatus.textProperty().bind(text(detail, o -> teller.ui.common.Labels.label(o.status())));
        detailAmount.textProperty().bind(text(detail, o -> MoneyFormat.format(o.amount(), o.currency())));
        detailSubtitle.textProperty().bind(text(detail, o -> "Order #" + o.id() + " · received "
                + time(o.createdAt()) + " (" + AgeFormat.since(o.createdAt(), Instant.now()) + " ago)"));
        detailLoading.visibleProperty().bind(viewModel.detailLoadingProperty());
        detailError.textProperty().bind(viewModel.detailErrorProperty());
        detailError.visibleProperty().bind(viewModel.detailErrorProperty().isNotEmpty());
        detailError.managedProperty().bind(detailError.visibleProperty());

        playerName.textProperty().bind(Bindings.createStringBinding(() -> {
            OrderView o = detail.get();
            PlayerView p = player.get();
            if (o == null) {
                return "";
            }
            return p == null ? o.playerId() : p.username() + "  (" + p.id() + ")";
        }, detail, player));
        playerBalance.textProperty().bind(playerMoney(player, PlayerView::balance));
        playerAvailable.textProperty().bind(playerMoney(player, PlayerView::available));
        playerStatus.textProperty().bind(text(player, p -> teller.ui.common.Labels.label(p.status()) + " / KYC "
                + teller.ui.common.Labels.label(teller.ui.common.Labels.KYC, p.kycStatus()).toLowerCase(java.util.Locale.ROOT)));

        orderGame.textProperty().bind(text(detail, o -> orNone(o.gameName())));
        orderMethod.textProperty().bind(text(detail, o -> orNone(o.paymentMethod())));
        orderChannel.textProperty().bind(text(detail, o -> o.source() == null ? NONE : o.source().channel()
                + (o.source().conversationId() == null ? "" : " · " + o.source().conversationId())));
        orderDecision.textProperty().bind(text(detail, this::decisionText));

        execStatus.textProperty().bind(text(detail, o -> teller.ui.common.Labels.label(o.status())));
        execAttempts.textProperty().bind(text(detail, o -> String.valueOf(o.executionAttempts())));
        execError.textProperty().bind(text(detail, o -> orNone(o.executionError())));
        execReference.textProperty().bind(text(detail, o -> orNone(o.providerReference())));
        execAt.textProperty().bind(text(detail, o -> o.executedAt() == null ? NONE : time(o.executedAt())));

        riskLevel.textProperty().bind(text(detail, OrderRiskText::level));
        riskFlags.textProperty().bind(text(detail, OrderRiskText::flags));
        riskLimits.textProperty().bind(text(detail, OrderRiskText::limits));
        riskProof.textProperty().bind(text(detail, OrderRiskText::proof));

        var outcome = viewModel.outcomeProperty();
        outcomeBox.visibleProperty().bind(outcome.isNotNull());
        outcomeBox.managedProperty().bind(outcomeBox.visibleProperty());
        outcomeTitle.textProperty().bind(text(outcome, Outcome::title));
        outcomeMessage.textProperty().bind(text(outcome, Outcome::message));
        outcome.addListener((obs, before, now) -> styleOutcome(now));
        styleOutcome(outcome.get());

        approveButton.disableProperty().bind(viewModel.canApproveProperty().not());
        rejectButton.disableProperty().bind(viewModel.canDecideProperty().not());
        if (viewModel.decisionsRefused() != null) {
            // A disabled button shows no tooltip of its own: the bar around it carries the reason, and
            // a hint next to the buttons says it without hovering.
            Tooltip why = new Tooltip(viewModel.decisionsRefused());
            approveButton.setTooltip(why);
            rejectButton.setTooltip(why);
            Tooltip.install(approveButton.getParent(), why);
            Label hint = new Label(viewModel.decisionsRefused());
            hint.setId("decisionsRefused");
            hint.getStyleClass().add("field-hint");
            hint.setWrapText(true);
            ((javafx.scene.layout.Pane) approveButton.getParent()).getChildren().add(hint);
        }
        deciding.visibleProperty().bind(viewModel.decidingProperty());
    }

    private void stylePills(OrderView order) {
        if (order != null) {
            detailType.getStyleClass().setAll("type-pill", typeStyle(order.type()));
            detailStatus.getStyleClass().setAll("status-pill", "status-" + order.status().name().toLowerCase()
                    .replace('_', '-'));
        }
    }

    private void styleOutcome(Outcome now) {
        outcomeBox.getStyleClass().removeAll(OUTCOME_STYLES);
        if (now != null) {
            outcomeBox.getStyleClass().add("outcome-" + now.kind().name().toLowerCase().replace('_', '-'));
        }
    }

    private String decisionText(OrderView o) {
        if (o.status() == OrderStatus.REJECTED) {
            return "Rejected" + (o.rejectedByUsername() == null ? "" : " by " + o.rejectedByUsername())
                    + (o.rejectedAt() == null ? "" : " " + time(o.rejectedAt())) + ": " + o.rejectionReason();
        }
        if (o.approvedAt() != null) {
            String by = o.approvedByUsername() != null ? o.approvedByUsername()
                    : o.approvedByType() + " " + orNone(o.approvedById());
            return "Approved by " + by + " at " + time(o.approvedAt())
                    + (o.approvalNote() == null ? "" : " — " + o.approvalNote());
        }
        String approvals = CardText.approvals(o);
        return approvals == null ? "Awaiting review" : approvals + "; waiting for a second approver";
    }

    @FXML private VBox detailPane;

    private void bindCard() {
        claimNotice.textProperty().bind(Bindings.createStringBinding(() -> viewModel.claimNoticeProperty().get().isEmpty()
                ? "" : "This order is " + viewModel.claimNoticeProperty().get() + ".", viewModel.claimNoticeProperty()));
        claimNotice.visibleProperty().bind(viewModel.claimNoticeProperty().isNotEmpty());
        claimNotice.managedProperty().bind(claimNotice.visibleProperty());
        var detail = viewModel.detailProperty();
        approvalsLabel.textProperty().bind(text(detail, o -> {
            String a = CardText.approvals(o);
            return a == null || o.status() != OrderStatus.PENDING_REVIEW ? "" : a;
        }));
        approvalsLabel.visibleProperty().bind(approvalsLabel.textProperty().isNotEmpty());
        approvalsLabel.managedProperty().bind(approvalsLabel.visibleProperty());
        orderMaker.textProperty().bind(text(detail, CardText::maker));

        var preview = viewModel.previewProperty();
        previewBox.visibleProperty().bind(Bindings.createBooleanBinding(() -> viewModel.decisionsRefused() == null
                && detail.get() != null && detail.get().status() == OrderStatus.PENDING_REVIEW, detail));
        previewBox.managedProperty().bind(previewBox.visibleProperty());
        preview.addListener((obs, before, now) -> showPreview(now));
        previewError.textProperty().bind(viewModel.previewErrorProperty());
        previewError.visibleProperty().bind(viewModel.previewErrorProperty().isNotEmpty());
        previewError.managedProperty().bind(previewError.visibleProperty());
        approveReason.textProperty().bind(Bindings.createStringBinding(() -> {
            String why = viewModel.approveRefusalProperty().get();
            if (why.isEmpty() && viewModel.previewProperty().get() != null
                    && viewModel.previewProperty().get().secondApproverNeeded() != null) {
                return "Your approval will be the first of two; another approver gives the second.";
            }
            return why;
        }, viewModel.approveRefusalProperty(), viewModel.previewProperty()));
        approveReason.visibleProperty().bind(approveReason.textProperty().isNotEmpty());
        approveReason.managedProperty().bind(approveReason.visibleProperty());

        detailPane.getChildren().set(detailPane.getChildren().indexOf(proofHost), proofView.load());
        detailScroll.viewportBoundsProperty().addListener((obs, before, now) -> proofView.fit());
        // The card may be built after its view model has an order (the queue builds it a pulse after the list).
        showPreview(preview.get());
    }


    private void showPreview(teller.ui.api.Preview p) {
        checksList.getChildren().clear();
        postingsList.getChildren().clear();
        if (p == null) {
            return;
        }
        for (teller.ui.api.Preview.Check check : p.checks()) {
            Label line = new Label(CardText.check(check, viewModel.now()));
            line.setWrapText(true);
            line.getStyleClass().addAll("check", "check-" + check.outcome().toLowerCase().replace('_', '-'));
            line.setId("check-" + check.name());
            checksList.getChildren().add(line);
        }
        if (p.postings().isEmpty()) {
            Label none = new Label(p.secondApproverNeeded() != null
                    ? "None yet: the ledger is written with the second approval." : "None.");
            none.getStyleClass().add("muted");
            postingsList.getChildren().add(none);
        }
        for (teller.ui.api.Preview.Posting posting : p.postings()) {
            Label line = new Label(CardText.posting(posting));
            line.getStyleClass().addAll("posting", "mono");
            postingsList.getChildren().add(line);
        }
    }

    /** Zooms the proof image in or back to the card's width (Space). */
    void toggleZoom() {
        proofView.toggleZoom();
    }

    private static <T> ObservableValue<String> text(ObservableValue<T> source, Function<T, String> format) {
        return Bindings.createStringBinding(() -> source.getValue() == null ? "" : format.apply(source.getValue()), source);
    }

    private static ObservableValue<String> playerMoney(ObservableValue<PlayerView> player,
                                                       java.util.function.ToLongFunction<PlayerView> amount) {
        return text(player, p -> MoneyFormat.format(amount.applyAsLong(p), p.currency()));
    }

    private String time(Instant instant) {
        return instant == null ? NONE : TIME.format(instant.atZone(zone));
    }

    private static String orNone(String text) {
        return text == null || text.isBlank() ? NONE : text;
    }

    static String typeStyle(OrderType type) {
        return "type-" + type.name().toLowerCase().replace('_', '-');
    }

    /**
     * Time passed (the queue's half-minute ticker): the claim notice and the preview's claim line count
     * down their minutes from the view model's clock.
     */
    public void tick() {
        viewModel.tick();
        if (!loaded()) {
            return;
        }
        showPreview(viewModel.previewProperty().get());
    }

    /** Called after a decision by the card's buttons: the queue gives the focus back to its list (issue 16). */
    private Runnable afterDecision = () -> { };

    public void setAfterDecision(Runnable action) {
        afterDecision = java.util.Objects.requireNonNull(action);
    }

    @FXML
    private void approve() {
        viewModel.approve();
        afterDecision.run();
    }

    @FXML
    private void reject() {
        viewModel.reject();
        afterDecision.run();
    }

    /** The shown order's case in Order lookup (history, postings, attempts, audit). */
    @FXML
    private void openCase() {
        OrderView order = viewModel.detailProperty().get();
        if (order != null) {
            root.fireEvent(new IdLinks.Open(IdLinks.ORDER, order.id()));
        }
    }

    /** The shown order's player's card. */
    @FXML
    private void openPlayer() {
        OrderView order = viewModel.detailProperty().get();
        if (order != null) {
            root.fireEvent(new IdLinks.Open(IdLinks.PLAYER, order.playerId()));
        }
    }

    @FXML
    private void takeOver() {
        viewModel.takeOver();
    }
}
