package teller.ui.queue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.event.EventHandler;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderType;
import teller.ui.api.OrderView;
import teller.ui.api.PlayerView;
import teller.ui.common.AgeFormat;
import teller.ui.common.FxmlView;
import teller.ui.common.MoneyFormat;

/**
 * The approval queue screen's controller: the table of pending orders, the detail pane, the
 * decision buttons and keys (A approve, R reject, Enter open, F5 refresh). State and commands live
 * in {@link QueueViewModel}; this class only binds and forwards.
 */
public final class QueueView extends FxmlView {
    private static final Duration AGE_REFRESH = Duration.seconds(30);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final String NONE = "—";
    private static final List<String> OUTCOME_STYLES = List.of("outcome-executed", "outcome-failed",
            "outcome-in-flight", "outcome-rejected", "outcome-error");

    private final QueueViewModel viewModel;
    private final ZoneId zone = ZoneId.systemDefault();

    @FXML private Label count;
    @FXML private ProgressIndicator loading;
    @FXML private ComboBox<OrderType> typeFilter;
    @FXML private Button refresh;
    @FXML private Label error;
    @FXML private TableView<OrderView> queueTable;
    @FXML private TableColumn<OrderView, OrderType> typeColumn;
    @FXML private TableColumn<OrderView, String> playerColumn;
    @FXML private TableColumn<OrderView, Long> amountColumn;
    @FXML private TableColumn<OrderView, String> gameColumn;
    @FXML private TableColumn<OrderView, Instant> ageColumn;
    @FXML private TableColumn<OrderView, OrderView> reviewColumn;
    @FXML private javafx.scene.control.TextField currencyFilter;
    @FXML private javafx.scene.control.TextField playerFilter;
    @FXML private javafx.scene.control.TextField amountMinFilter;
    @FXML private javafx.scene.control.TextField amountMaxFilter;
    @FXML private ComboBox<String> flaggedFilter;
    @FXML private ComboBox<String> claimedFilter;
    @FXML private ComboBox<String> ageFilter;
    @FXML private ComboBox<String> sortFilter;
    @FXML private Label filterError;
    @FXML private Label claimNotice;
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
    @FXML private Button loadMore;
    @FXML private VBox placeholder;
    @FXML private ScrollPane detailScroll;
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

    private final Timeline ageTicker = new Timeline(new KeyFrame(AGE_REFRESH, e -> refreshAges()));
    private final EventHandler<KeyEvent> keys = this::onKey;
    private final ChangeListener<OrderView> tableToModel = (obs, before, row) -> viewModelSelect(row);
    private final ChangeListener<OrderView> modelToTable = (obs, before, row) -> {
        if (row == null) {
            queueTable.getSelectionModel().clearSelection();
        } else if (queueTable.getSelectionModel().getSelectedItem() != row) {
            queueTable.getSelectionModel().select(row);
        }
    };

    public QueueView(QueueViewModel viewModel) {
        this.viewModel = viewModel;
        ageTicker.setCycleCount(Animation.INDEFINITE);
    }

    /** The screen is shown: listen to keys and selection, keep ages fresh, load the queue. */
    @Override
    public void activate() {
        root().addEventFilter(KeyEvent.KEY_PRESSED, keys);
        queueTable.getSelectionModel().selectedItemProperty().addListener(tableToModel);
        viewModel.selectedProperty().addListener(modelToTable);
        ageTicker.play();
        viewModel.setSelectFirst(true);
        viewModel.refresh();
        queueTable.requestFocus();
    }

    /** The screen is hidden: stop listening and ticking. */
    @Override
    public void deactivate() {
        root().removeEventFilter(KeyEvent.KEY_PRESSED, keys);
        queueTable.getSelectionModel().selectedItemProperty().removeListener(tableToModel);
        viewModel.selectedProperty().removeListener(modelToTable);
        ageTicker.stop();
        viewModel.leave();
    }

    @FXML
    private void initialize() {
        bindQueue();
        bindFilters();
        bindDetail();
        bindCard();
    }

    private void bindQueue() {
        queueTable.setItems(viewModel.orders());
        typeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().type()));
        typeColumn.setCellFactory(column -> new TableCell<>() {
            private final Label pill = new Label();

            @Override
            protected void updateItem(OrderType type, boolean empty) {
                super.updateItem(type, empty);
                if (empty || type == null) {
                    setGraphic(null);
                    return;
                }
                pill.setText(type.label());
                pill.getStyleClass().setAll("type-pill", typeStyle(type));
                setGraphic(pill);
            }
        });
        playerColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().playerId()));
        amountColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().amount()));
        amountColumn.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(Long amount, boolean empty) {
                super.updateItem(amount, empty);
                OrderView row = empty ? null : getTableRow().getItem();
                setText(row == null || amount == null ? null : MoneyFormat.format(amount, row.currency()));
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        gameColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                c.getValue().gameName() == null ? NONE : c.getValue().gameName()));
        ageColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().createdAt()));
        ageColumn.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(Instant createdAt, boolean empty) {
                super.updateItem(createdAt, empty);
                setText(empty || createdAt == null ? null : AgeFormat.since(createdAt, Instant.now()));
            }
        });
        // Oldest first is the queue's order; a click on "Age" sorts newest first and back.
        ageColumn.setComparator(java.util.Comparator.reverseOrder());
        reviewColumn.setSortable(false);
        reviewColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        reviewColumn.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(OrderView order, boolean empty) {
                super.updateItem(order, empty);
                setText(empty || order == null ? null : CardText.review(order, viewModel.operatorId(), viewModel.now()));
            }
        });
        queueTable.setRowFactory(table -> {
            var row = new javafx.scene.control.TableRow<OrderView>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    viewModel.openSelected();
                }
            });
            return row;
        });

        typeFilter.getItems().setAll(null, OrderType.DEPOSIT, OrderType.GAME_LOAD, OrderType.WITHDRAWAL);
        typeFilter.setButtonCell(new TypeCell());
        typeFilter.setCellFactory(list -> new TypeCell());
        typeFilter.valueProperty().bindBidirectional(viewModel.typeFilterProperty());

        count.textProperty().bind(Bindings.createStringBinding(() -> viewModel.orders().size()
                + (viewModel.hasMoreProperty().get() ? "+" : "") + " pending", viewModel.orders(),
                viewModel.hasMoreProperty()));
        loading.visibleProperty().bind(viewModel.loadingProperty());
        refresh.disableProperty().bind(viewModel.loadingProperty());
        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        loadMore.visibleProperty().bind(viewModel.hasMoreProperty());
        loadMore.disableProperty().bind(viewModel.loadingProperty());
    }

    private static final class TypeCell extends ListCell<OrderType> {
        @Override
        protected void updateItem(OrderType type, boolean empty) {
            super.updateItem(type, empty);
            setText(empty ? null : type == null ? "All types" : type.label());
        }
    }

    private void bindDetail() {
        var detail = viewModel.detailProperty();
        var player = viewModel.detailPlayerProperty();
        placeholder.visibleProperty().bind(detail.isNull());
        detailScroll.visibleProperty().bind(detail.isNotNull());

        detailType.textProperty().bind(text(detail, o -> o.type().label()));
        detail.addListener((obs, before, order) -> {
            if (order != null) {
                detailType.getStyleClass().setAll("type-pill", typeStyle(order.type()));
                detailStatus.getStyleClass().setAll("status-pill", "status-" + order.status().name().toLowerCase()
                        .replace('_', '-'));
            }
        });
        detailStatus.textProperty().bind(text(detail, o -> o.status().name()));
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
        playerStatus.textProperty().bind(text(player, p -> p.status() + " / " + p.kycStatus()));

        orderGame.textProperty().bind(text(detail, o -> orNone(o.gameName())));
        orderMethod.textProperty().bind(text(detail, o -> orNone(o.paymentMethod())));
        orderChannel.textProperty().bind(text(detail, o -> o.source() == null ? NONE : o.source().channel()
                + (o.source().conversationId() == null ? "" : " · " + o.source().conversationId())));
        orderDecision.textProperty().bind(text(detail, this::decisionText));

        execStatus.textProperty().bind(text(detail, o -> o.status().name()));
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
        outcome.addListener((obs, before, now) -> {
            outcomeBox.getStyleClass().removeAll(OUTCOME_STYLES);
            if (now != null) {
                outcomeBox.getStyleClass().add("outcome-" + now.kind().name().toLowerCase().replace('_', '-'));
            }
        });

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

    private static final List<String> FLAGGED = List.of("Any flags", "Flagged", "Not flagged");
    private static final List<String> CLAIMED = List.of("Anyone's", "Claimed by me", "Unclaimed");
    private static final List<String> AGES = List.of("Any age", "Older than 15 min", "Older than 1 h", "Older than 24 h");
    private static final int[] AGE_MINUTES = {0, 15, 60, 24 * 60};
    private static final List<String> SORTS = List.of("Oldest first", "Largest amount", "Highest risk");
    private static final String[] SORT_PARAMS = {null, "amount", "risk"};
    private boolean showingFilters;

    private void bindFilters() {
        flaggedFilter.getItems().setAll(FLAGGED);
        claimedFilter.getItems().setAll(CLAIMED);
        ageFilter.getItems().setAll(AGES);
        sortFilter.getItems().setAll(SORTS);
        showFilters(viewModel.filtersProperty().get());
        viewModel.filtersProperty().addListener((obs, before, now) -> showFilters(now));
        for (ComboBox<String> box : List.of(flaggedFilter, claimedFilter, ageFilter, sortFilter)) {
            box.valueProperty().addListener((obs, before, now) -> {
                if (!showingFilters) {
                    applyFilters();
                }
            });
        }
        filterError.visibleProperty().bind(filterError.textProperty().isNotEmpty());
        filterError.managedProperty().bind(filterError.visibleProperty());
    }

    private void showFilters(QueueFilters f) {
        QueueFilters shown = f == null ? QueueFilters.NONE : f;
        showingFilters = true;
        try {
            currencyFilter.setText(shown.currency() == null ? "" : shown.currency());
            playerFilter.setText(shown.playerId() == null ? "" : shown.playerId());
            amountMinFilter.setText(shown.amountMin() == null ? "" : java.math.BigDecimal.valueOf(shown.amountMin(), 2).toPlainString());
            amountMaxFilter.setText(shown.amountMax() == null ? "" : java.math.BigDecimal.valueOf(shown.amountMax(), 2).toPlainString());
            flaggedFilter.setValue(FLAGGED.get(shown.flagged() == null ? 0 : shown.flagged() ? 1 : 2));
            claimedFilter.setValue(CLAIMED.get("me".equals(shown.claimed()) ? 1 : "unclaimed".equals(shown.claimed()) ? 2 : 0));
            int age = 0;
            for (int i = 0; i < AGE_MINUTES.length; i++) {
                if (shown.olderThanMinutes() != null && AGE_MINUTES[i] == shown.olderThanMinutes()) {
                    age = i;
                }
            }
            ageFilter.setValue(AGES.get(age));
            int sort = "amount".equals(shown.sort()) ? 1 : "risk".equals(shown.sort()) ? 2 : 0;
            sortFilter.setValue(SORTS.get(sort));
        } finally {
            showingFilters = false;
        }
    }

    /** Amounts are typed in major units ("25" or "25.50"); null for blank, an error for anything else. */
    private static Long amount(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            java.math.BigDecimal value = new java.math.BigDecimal(text.strip().replace(",", ""));
            if (value.signum() < 0) {
                throw new NumberFormatException();
            }
            return value.movePointRight(2).setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be an amount such as 25 or 25.50");
        }
    }

    @FXML
    private void applyFilters() {
        try {
            Long min = amount(amountMinFilter.getText(), "Min amount");
            Long max = amount(amountMaxFilter.getText(), "Max amount");
            if (min != null && max != null && min > max) {
                throw new IllegalArgumentException("Max amount must not be below Min amount");
            }
            String currency = currencyFilter.getText() == null ? "" : currencyFilter.getText().strip();
            if (!currency.isEmpty() && !currency.matches("[A-Za-z]{3}")) {
                throw new IllegalArgumentException("Currency must be three letters such as USD");
            }
            int flagged = Math.max(0, FLAGGED.indexOf(flaggedFilter.getValue()));
            int claimed = Math.max(0, CLAIMED.indexOf(claimedFilter.getValue()));
            int age = Math.max(0, AGES.indexOf(ageFilter.getValue()));
            int sort = Math.max(0, SORTS.indexOf(sortFilter.getValue()));
            filterError.setText("");
            viewModel.filtersProperty().set(new QueueFilters(viewModel.typeFilterProperty().get(), currency,
                    playerFilter.getText(), min, max, flagged == 0 ? null : flagged == 1,
                    claimed == 0 ? null : claimed == 1 ? "me" : "unclaimed", age == 0 ? null : AGE_MINUTES[age],
                    SORT_PARAMS[sort]));
        } catch (IllegalArgumentException e) {
            filterError.setText(e.getMessage());
        }
    }

    @FXML
    private void clearFilters() {
        filterError.setText("");
        viewModel.filtersProperty().set(QueueFilters.NONE);
    }

    /** Padding of the detail pane, the card and the holder around the proof image, in pixels. */
    private static final double PROOF_CARD_INSETS = 80;
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
        showProof(null);
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
            Label line = new Label(CardText.check(check));
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
        double width = Math.max(100, viewport > 0 ? viewport - PROOF_CARD_INSETS : 400);
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

    @FXML
    private void toggleZoom() {
        if (proofImage.getImage() == null) {
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

    private static String typeStyle(OrderType type) {
        return "type-" + type.name().toLowerCase().replace('_', '-');
    }

    private void viewModelSelect(OrderView row) {
        viewModel.selectedProperty().set(row);
    }

    private void refreshAges() {
        queueTable.refresh();
    }

    private void onKey(KeyEvent event) {
        if (event.getCode() == KeyCode.ESCAPE && !event.isShortcutDown() && !event.isAltDown()) {
            // Esc from a filter field (or anywhere on the card) returns to the list, where the keys work.
            queueTable.requestFocus();
            event.consume();
            return;
        }
        if (event.isShortcutDown() || event.isAltDown()
                || root().getScene() != null && root().getScene().getFocusOwner() instanceof TextInputControl) {
            return;
        }
        KeyCode code = event.getCode();
        if (code == KeyCode.F5) {
            viewModel.refresh();
            event.consume();
        } else if (code == KeyCode.A && event.isShiftDown()) {
            viewModel.approveWithNote();
            event.consume();
        } else if (code == KeyCode.A) {
            viewModel.approve();
            event.consume();
        } else if (code == KeyCode.R) {
            viewModel.reject();
            event.consume();
        } else if (code == KeyCode.J || code == KeyCode.K) {
            viewModel.move(code == KeyCode.J ? 1 : -1);
            queueTable.requestFocus();
            event.consume();
        } else if (code == KeyCode.SPACE) {
            toggleZoom();
            event.consume();
        } else if (code == KeyCode.ENTER && root().getScene() != null && root().getScene().getFocusOwner() == queueTable) {
            viewModel.openSelected();
            event.consume();
        }
    }

    @FXML
    private void refresh() {
        viewModel.refresh();
    }

    @FXML
    private void loadMore() {
        viewModel.loadMore();
    }

    @FXML
    private void approve() {
        viewModel.approve();
    }

    @FXML
    private void reject() {
        viewModel.reject();
    }
}
