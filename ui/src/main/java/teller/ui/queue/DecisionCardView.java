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
    @FXML private VBox proofBox;
    @FXML private javafx.scene.layout.StackPane proofHolder;
    @FXML private javafx.scene.image.ImageView proofImage;
    @FXML private Label proofVerified;
    @FXML private Label proofHash;
    @FXML private Label proofMessage;
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

    public DecisionCardView(DecisionCardViewModel viewModel) {
        this.viewModel = viewModel;
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
    private double proofRotation;
    private boolean proofZoomed;

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

        proofBox.visibleProperty().bind(detail.isNotNull());
        proofBox.managedProperty().bind(proofBox.visibleProperty());
        proofImage.setOnMouseClicked(e -> toggleZoom());
        viewModel.proofProperty().addListener((obs, before, now) -> showProof(now));
        detail.addListener((obs, before, now) -> {
            if (viewModel.proofProperty().get() == null) {
                showProof(null);
            }
        });
        proofMessage.textProperty().bind(viewModel.proofMessageProperty());
        proofMessage.visibleProperty().bind(viewModel.proofMessageProperty().isNotEmpty());
        proofMessage.managedProperty().bind(proofMessage.visibleProperty());
        proofHolder.visibleProperty().bind(viewModel.proofProperty().isNotNull());
        proofHolder.managedProperty().bind(proofHolder.visibleProperty());
        zoomProof.disableProperty().bind(viewModel.proofProperty().isNull());
        rotateProof.disableProperty().bind(viewModel.proofProperty().isNull());
        detailScroll.viewportBoundsProperty().addListener((obs, before, now) -> fitProof());
        // The card may be built after its view model has an order (the queue builds it a pulse after the list).
        showPreview(preview.get());
        showProof(viewModel.proofProperty().get());
    }

    @FXML private Button zoomProof;
    @FXML private Button rotateProof;

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

    private void showProof(teller.ui.api.ProofImage image) {
        proofRotation = 0;
        proofZoomed = false;
        proofImage.setRotate(0);
        proofVerified.getStyleClass().removeAll("proof-verified", "proof-mismatch");
        if (image == null) {
            proofImage.setImage(null);
            proofImage.setVisible(false);
            proofImage.setManaged(false);
            proofVerified.setText("");
            OrderView shown = viewModel.detailProperty().get();
            proofHash.setText(shown == null || shown.proof() == null || shown.proof().sha256() == null
                    ? "" : "SHA-256 " + shown.proof().sha256());
            return;
        }
        proofImage.setImage(new javafx.scene.image.Image(new java.io.ByteArrayInputStream(image.bytes())));
        proofImage.setVisible(true);
        proofImage.setManaged(true);
        proofHash.setText("SHA-256 " + image.recordedSha256());
        if (image.verified()) {
            proofVerified.setText("✓ The image received hashes to the recorded SHA-256.");
            proofVerified.getStyleClass().add("proof-verified");
        } else {
            proofVerified.setText("✗ HASH MISMATCH — the image received hashes to " + image.receivedSha256()
                    + ", not to the recorded " + image.recordedSha256() + ". Do not approve on this image.");
            proofVerified.getStyleClass().add("proof-mismatch");
        }
        fitProof();
    }

    private void fitProof() {
        var image = proofImage.getImage();
        if (image == null) {
            return;
        }
        // The card's width, not the holder's: a zoomed image widens the holder, which must not become
        // the new "fit".
        double viewport = detailScroll.getViewportBounds() == null ? 0 : detailScroll.getViewportBounds().getWidth();
        // Less the padding and borders of the detail pane, the proof's card and the holder around the image, as
        // styled: a fixed guess that was 8 px short made every card with a proof scroll sideways (issue 16).
        double insets = horizontal(detailPane.getInsets()) + horizontal(proofBox.getInsets())
                + horizontal(proofHolder.getInsets());
        double width = Math.max(100, viewport > 0 ? viewport - insets : 400);
        boolean sideways = Math.abs(proofRotation % 180) == 90;
        double natural = sideways ? image.getHeight() : image.getWidth();
        double target = proofZoomed ? Math.max(natural, width * 2) : width;
        // fitWidth applies before rotation: a sideways image is fitted by its height.
        if (sideways) {
            proofImage.setFitWidth(0);
            proofImage.setFitHeight(target);
        } else {
            proofImage.setFitHeight(0);
            proofImage.setFitWidth(target);
        }
    }

    private static double horizontal(javafx.geometry.Insets insets) {
        return insets.getLeft() + insets.getRight();
    }

    /** Zooms the proof image in or back to the card's width (click, Space). */
    @FXML
    void toggleZoom() {
        if (proofImage == null || proofImage.getImage() == null) {
            return;
        }
        proofZoomed = !proofZoomed;
        fitProof();
    }

    @FXML
    private void rotateProof() {
        if (proofImage.getImage() == null) {
            return;
        }
        proofRotation = (proofRotation + 90) % 360;
        proofImage.setRotate(proofRotation);
        fitProof();
    }

    /** Whether the proof is shown zoomed (for tests and the zoom key). */
    boolean proofZoomed() {
        return proofZoomed;
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
