package teller.ui.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import javafx.fxml.FXMLLoader;
import javafx.geometry.Pos;
import javafx.scene.Parent;
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
import teller.ui.common.MoneyFormat;

/**
 * The approval queue screen's controller: the table of pending orders, the detail pane, the
 * decision buttons and keys (A approve, R reject, Enter open, F5 refresh). State and commands live
 * in {@link QueueViewModel}; this class only binds and forwards.
 */
public final class QueueView {
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

    private Parent root;
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

    /** Loads the FXML with this instance as its controller. */
    public Parent load() {
        FXMLLoader loader = new FXMLLoader(QueueView.class.getResource("QueueView.fxml"));
        loader.setControllerFactory(type -> this);
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load QueueView.fxml", e);
        }
        return root;
    }

    /** The screen is shown: listen to keys and selection, keep ages fresh, load the queue. */
    public void activate() {
        root.addEventFilter(KeyEvent.KEY_PRESSED, keys);
        queueTable.getSelectionModel().selectedItemProperty().addListener(tableToModel);
        viewModel.selectedProperty().addListener(modelToTable);
        ageTicker.play();
        viewModel.refresh();
        queueTable.requestFocus();
    }

    /** The screen is hidden: stop listening and ticking. */
    public void deactivate() {
        root.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
        queueTable.getSelectionModel().selectedItemProperty().removeListener(tableToModel);
        viewModel.selectedProperty().removeListener(modelToTable);
        ageTicker.stop();
    }

    @FXML
    private void initialize() {
        bindQueue();
        bindDetail();
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

        approveButton.disableProperty().bind(viewModel.canDecideProperty().not());
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
            return "Rejected" + (o.rejectedAt() == null ? "" : " " + time(o.rejectedAt())) + ": " + o.rejectionReason();
        }
        if (o.approvedAt() != null) {
            return "Approved by " + o.approvedByType() + " " + orNone(o.approvedById()) + " at " + time(o.approvedAt())
                    + (o.approvalNote() == null ? "" : " — " + o.approvalNote());
        }
        return "Awaiting review";
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
        if (event.isShortcutDown() || event.isAltDown()
                || root.getScene() != null && root.getScene().getFocusOwner() instanceof TextInputControl) {
            return;
        }
        KeyCode code = event.getCode();
        if (code == KeyCode.F5) {
            viewModel.refresh();
            event.consume();
        } else if (code == KeyCode.A) {
            viewModel.approve();
            event.consume();
        } else if (code == KeyCode.R) {
            viewModel.reject();
            event.consume();
        } else if (code == KeyCode.ENTER && root.getScene() != null && root.getScene().getFocusOwner() == queueTable) {
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
