package teller.ui.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.util.Duration;
import teller.ui.api.OrderType;
import teller.ui.api.OrderView;
import teller.ui.common.AgeFormat;
import teller.ui.common.MoneyFormat;

/**
 * The approval queue screen's controller: the table of pending orders with its filters and paging,
 * the {@link DecisionCardView decision card} beside it, and the keys (J / K move, A approve, Shift+A
 * with a note, R reject, Space zoom the proof, Enter open, Esc back to the list, F5 refresh). State
 * and commands live in {@link QueueViewModel} and {@link DecisionCardViewModel}; this class only binds
 * and forwards.
 */
public final class QueueView {
    private static final Duration AGE_REFRESH = Duration.seconds(30);
    static final String NONE = DecisionCardView.NONE;

    private final QueueViewModel viewModel;
    private final DecisionCardViewModel card;
    private final DecisionCardView cardView;

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
    @FXML private Button loadMore;
    @FXML private javafx.scene.layout.StackPane cardHost;

    private Parent root;
    private final Timeline ageTicker = new Timeline(new KeyFrame(AGE_REFRESH, e -> refreshAges()));
    private final EventHandler<KeyEvent> keys = this::onKey;
    private final ChangeListener<OrderView> tableToModel = (obs, before, row) -> viewModelSelect(row);
    /** Set when the screen opens: the first order selected (the oldest) brings the focus to the list. */
    private boolean focusOnFirstSelection;
    private final ChangeListener<OrderView> modelToTable = (obs, before, row) -> {
        if (row == null) {
            queueTable.getSelectionModel().clearSelection();
        } else if (queueTable.getSelectionModel().getSelectedItem() != row) {
            queueTable.getSelectionModel().select(row);
        }
        if (row != null && this.focusOnFirstSelection) {
            this.focusOnFirstSelection = false;
            focusList();
        }
    };

    public QueueView(QueueViewModel viewModel) {
        this.viewModel = viewModel;
        this.card = viewModel.card();
        this.cardView = new DecisionCardView(card);
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

    /**
     * Asks for the first page before the list's FXML is built ({@link QueueScreen#view()}, the screen's first
     * showing): the request and the build overlap, and {@link #activate()} does not ask again.
     */
    public void askFirstPage() {
        viewModel.setSelectFirst(true);
        viewModel.refresh();
        firstPageAsked = true;
    }

    private boolean firstPageAsked;

    /** The screen is shown: listen to keys and selection, keep ages fresh, load the queue. */
    public void activate() {
        root.addEventFilter(KeyEvent.KEY_PRESSED, keys);
        queueTable.getSelectionModel().selectedItemProperty().addListener(tableToModel);
        viewModel.selectedProperty().addListener(modelToTable);
        ageTicker.play();
        viewModel.setSelectFirst(true);
        focusOnFirstSelection = true;
        if (firstPageAsked) {
            firstPageAsked = false;
        } else {
            viewModel.refresh();
        }
        if (!cardView.loaded()) {
            buildCardAfterThisPulse();
        }
        focusList();
    }

    /**
     * The card's FXML and its first styling run as an FX task of their own, after the pulse that styles and
     * lays out the list: no single task builds both (the opening's longest stall, docs/benchmarks.md). Until
     * then the card's place is empty; its view model may already hold the oldest order, which the card shows
     * when built.
     */
    private void buildCardAfterThisPulse() {
        javafx.scene.Scene scene = root.getScene();
        if (scene == null) {
            buildCard();
            return;
        }
        Runnable afterLayout = new Runnable() {
            private boolean posted;

            @Override
            public void run() {
                if (posted) {
                    return;
                }
                posted = true;
                // Removed from the task, not while the scene runs its pulse listeners.
                javafx.application.Platform.runLater(() -> {
                    scene.removePostLayoutPulseListener(this);
                    buildCard();
                });
            }
        };
        scene.addPostLayoutPulseListener(afterLayout);
        javafx.application.Platform.requestNextPulse();
    }

    private void buildCard() {
        if (!cardView.loaded()) {
            cardHost.getChildren().setAll(teller.ui.console.ConsoleShell.keepButtonLabels(cardView.load()));
        }
    }

    /**
     * Opening the queue puts the focus on the list, so J / K, A and R work at once (issue 12): now, and
     * again once the oldest order is selected, as the screen it replaced may leave the scene's focus
     * elsewhere (the app bar) meanwhile. A field of this screen the operator is typing in keeps it.
     */
    private void focusList() {
        javafx.scene.Scene scene = root.getScene();
        javafx.scene.Node owner = scene == null ? null : scene.getFocusOwner();
        if (owner instanceof TextInputControl && isInside(owner)) {
            return;
        }
        queueTable.requestFocus();
    }

    private boolean isInside(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (n == root) {
                return true;
            }
        }
        return false;
    }

    /** The screen is hidden: stop listening and ticking. */
    public void deactivate() {
        root.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
        queueTable.getSelectionModel().selectedItemProperty().removeListener(tableToModel);
        viewModel.selectedProperty().removeListener(modelToTable);
        ageTicker.stop();
        focusOnFirstSelection = false;
        viewModel.leave();
    }

    @FXML
    private void initialize() {
        bindQueue();
        bindFilters();
        // A decision by mouse gives the focus back to the list, so the arrows (and J/K, A, R) keep working.
        cardView.setAfterDecision(queueTable::requestFocus);
    }

    private void bindQueue() {
        queueTable.setItems(viewModel.orders());
        typeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().type()));
        typeColumn.setCellFactory(column -> new TableCell<>() {
            private final Label pill = new Label();
            private final javafx.scene.control.Tooltip meaning = new javafx.scene.control.Tooltip();

            {
                pill.setTooltip(meaning);
            }

            @Override
            protected void updateItem(OrderType type, boolean empty) {
                super.updateItem(type, empty);
                if (empty || type == null) {
                    setGraphic(null);
                    return;
                }
                pill.setText(type.label());
                meaning.setText(teller.ui.common.Labels.tooltip(type));
                pill.getStyleClass().setAll("type-pill", DecisionCardView.typeStyle(type));
                setGraphic(pill);
            }
        });
        playerColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().playerId()));
        teller.ui.common.IdLinks.column(playerColumn, teller.ui.common.IdLinks.PLAYER, OrderView::playerId);
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
        teller.ui.common.Tables.codeChoices(typeFilter, OrderType::name, null, "All types");
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

    private void viewModelSelect(OrderView row) {
        viewModel.selectedProperty().set(row);
    }

    private void refreshAges() {
        queueTable.refresh();
        cardView.tick();
    }

    private void onKey(KeyEvent event) {
        if (event.getCode() == KeyCode.ESCAPE && !event.isShortcutDown() && !event.isAltDown()) {
            // Esc from a filter field (or anywhere on the card) returns to the list, where the keys work.
            queueTable.requestFocus();
            event.consume();
            return;
        }
        if (event.isShortcutDown() || event.isAltDown()
                || root.getScene() != null && root.getScene().getFocusOwner() instanceof TextInputControl) {
            return;
        }
        KeyCode code = event.getCode();
        if (code == KeyCode.F5) {
            viewModel.refresh();
            event.consume();
        } else if (code == KeyCode.A && event.isShiftDown()) {
            card.approveWithNote();
            event.consume();
        } else if (code == KeyCode.A) {
            card.approve();
            event.consume();
        } else if (code == KeyCode.R) {
            card.reject();
            event.consume();
        } else if (code == KeyCode.J || code == KeyCode.K) {
            viewModel.move(code == KeyCode.J ? 1 : -1);
            queueTable.requestFocus();
            event.consume();
        } else if (code == KeyCode.SPACE) {
            cardView.toggleZoom();
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
}
