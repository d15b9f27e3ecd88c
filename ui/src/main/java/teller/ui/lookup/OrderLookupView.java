package teller.ui.lookup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import teller.ui.api.OrderCaseApi;
import teller.ui.api.OrderView;
import teller.ui.common.IdLinks;
import teller.ui.common.MoneyFormat;

/** Order lookup's controller: the id field (Enter opens), the history filters (F5 searches), the case tabs. */
public final class OrderLookupView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final OrderLookupViewModel viewModel;
    private final ZoneId zone = ZoneId.systemDefault();

    @FXML private TextField orderIdField;
    @FXML private Button openButton;
    @FXML private ComboBox<String> statusChoice;
    @FXML private ComboBox<String> typeChoice;
    @FXML private TextField playerField;
    @FXML private DatePicker fromDate;
    @FXML private DatePicker toDate;
    @FXML private Button searchButton;
    @FXML private Label error;
    @FXML private TableView<OrderView> orderTable;
    @FXML private TableColumn<OrderView, String> orderIdColumn;
    @FXML private TableColumn<OrderView, String> orderTypeColumn;
    @FXML private TableColumn<OrderView, String> orderStatusColumn;
    @FXML private TableColumn<OrderView, String> orderPlayerColumn;
    @FXML private TableColumn<OrderView, String> orderAmountColumn;
    @FXML private Label caseTitle;
    @FXML private Button caseVoidButton;
    @FXML private Label caseVoidReason;
    @FXML private Label caseMessage;
    @FXML private TableView<OrderView.HistoryEntry> historyTable;
    @FXML private TableColumn<OrderView.HistoryEntry, String> historyAtColumn;
    @FXML private TableColumn<OrderView.HistoryEntry, String> historyMoveColumn;
    @FXML private TableColumn<OrderView.HistoryEntry, String> historyByColumn;
    @FXML private TableColumn<OrderView.HistoryEntry, String> historyNoteColumn;
    @FXML private TableView<OrderLookupViewModel.Posting> postingTable;
    @FXML private TableColumn<OrderLookupViewModel.Posting, String> postingTransactionColumn;
    @FXML private TableColumn<OrderLookupViewModel.Posting, String> postingKindColumn;
    @FXML private TableColumn<OrderLookupViewModel.Posting, String> postingStatusColumn;
    @FXML private TableColumn<OrderLookupViewModel.Posting, String> postingAccountColumn;
    @FXML private TableColumn<OrderLookupViewModel.Posting, String> postingAmountColumn;
    @FXML private TableView<OrderCaseApi.Attempt> attemptTable;
    @FXML private TableColumn<OrderCaseApi.Attempt, String> attemptNumberColumn;
    @FXML private TableColumn<OrderCaseApi.Attempt, String> attemptStartedColumn;
    @FXML private TableColumn<OrderCaseApi.Attempt, String> attemptOutcomeColumn;
    @FXML private TableColumn<OrderCaseApi.Attempt, String> attemptNoteColumn;
    @FXML private TableView<OrderCaseApi.AuditRow> auditTable;
    @FXML private TableColumn<OrderCaseApi.AuditRow, String> auditAtColumn;
    @FXML private TableColumn<OrderCaseApi.AuditRow, String> auditActionColumn;
    @FXML private TableColumn<OrderCaseApi.AuditRow, String> auditActorColumn;
    @FXML private TableColumn<OrderCaseApi.AuditRow, String> auditOutcomeColumn;

    private Parent root;
    private final EventHandler<KeyEvent> keys = this::onKey;
    private final ChangeListener<OrderView> tableToModel = (obs, before, row) -> select(row);

    public OrderLookupView(OrderLookupViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public Parent load() {
        FXMLLoader loader = new FXMLLoader(OrderLookupView.class.getResource("OrderLookupView.fxml"));
        loader.setControllerFactory(type -> this);
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    @FXML
    private void initialize() {
        orderIdField.textProperty().bindBidirectional(viewModel.orderIdProperty());
        statusChoice.getItems().add(null);
        statusChoice.getItems().addAll(OrderLookupViewModel.STATUSES);
        statusChoice.valueProperty().bindBidirectional(viewModel.statusProperty());
        typeChoice.getItems().add(null);
        typeChoice.getItems().addAll(OrderLookupViewModel.TYPES);
        typeChoice.valueProperty().bindBidirectional(viewModel.typeProperty());
        playerField.textProperty().bindBidirectional(viewModel.playerIdProperty());
        fromDate.valueProperty().bindBidirectional(viewModel.fromProperty());
        toDate.valueProperty().bindBidirectional(viewModel.toProperty());
        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        orderTable.setItems(viewModel.orders());
        orderTable.setPlaceholder(new Label("Search, or open an order by id"));
        column(orderIdColumn, o -> "#" + o.id());
        column(orderTypeColumn, o -> o.type() == null ? "" : o.type().name());
        column(orderStatusColumn, o -> o.status() == null ? "" : o.status().name());
        column(orderPlayerColumn, OrderView::playerId);
        IdLinks.column(orderPlayerColumn, IdLinks.PLAYER, OrderView::playerId);
        column(orderAmountColumn, o -> MoneyFormat.format(o.amount(), o.currency()));

        historyTable.setItems(viewModel.history());
        column(historyAtColumn, h -> time(h.at()));
        column(historyMoveColumn, h -> (h.fromStatus() == null ? "" : h.fromStatus() + " → ") + h.toStatus());
        column(historyByColumn, h -> h.actorType() + (h.actorId() == null ? "" : " " + h.actorId()));
        column(historyNoteColumn, h -> h.note() == null ? "" : h.note());
        postingTable.setItems(viewModel.postings());
        column(postingTransactionColumn, p -> "#" + p.transactionId());
        IdLinks.column(postingTransactionColumn, IdLinks.TRANSACTION, OrderLookupViewModel.Posting::transactionId);
        column(postingKindColumn, OrderLookupViewModel.Posting::kind);
        column(postingStatusColumn, OrderLookupViewModel.Posting::status);
        column(postingAccountColumn, OrderLookupViewModel.Posting::accountCode);
        column(postingAmountColumn, p -> MoneyFormat.format(p.amount(), p.currency()));
        attemptTable.setItems(viewModel.attempts());
        attemptTable.setPlaceholder(new Label("No provider execution"));
        column(attemptNumberColumn, a -> String.valueOf(a.number()));
        column(attemptStartedColumn, a -> time(a.startedAt()));
        column(attemptOutcomeColumn, a -> a.outcome() == null ? "running" : a.outcome());
        column(attemptNoteColumn, a -> a.note() == null ? "" : a.note());
        auditTable.setItems(viewModel.audit());
        column(auditAtColumn, a -> time(a.at()));
        column(auditActionColumn, OrderCaseApi.AuditRow::action);
        column(auditActorColumn, a -> a.actorType() + (a.actorId() == null ? "" : " " + a.actorId()));
        column(auditOutcomeColumn, OrderCaseApi.AuditRow::outcome);
        caseVoidButton.disableProperty().bind(viewModel.voidRefusalProperty().isNotEmpty().or(viewModel.voidingProperty()));
        caseVoidReason.textProperty().bind(viewModel.voidRefusalProperty());
        caseMessage.textProperty().bind(viewModel.messageProperty());
        viewModel.caseProperty().addListener((obs, before, c) -> caseTitle.setText(c == null ? "Choose an order"
                : "Order #" + c.order().id() + " · " + c.order().type() + " · " + c.order().status() + " · "
                + MoneyFormat.format(c.order().amount(), c.order().currency()) + " · player " + c.order().playerId()));
    }

    private String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }

    private static <S, T> void column(TableColumn<S, T> column, Function<S, T> value) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    public void activate() {
        root.addEventFilter(KeyEvent.KEY_PRESSED, keys);
        orderTable.getSelectionModel().selectedItemProperty().addListener(tableToModel);
        orderIdField.requestFocus();
    }

    public void deactivate() {
        root.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
        orderTable.getSelectionModel().selectedItemProperty().removeListener(tableToModel);
    }

    private void select(OrderView row) {
        if (row != null) {
            viewModel.open(row.id());
        }
    }

    @FXML
    private void onOpen() {
        viewModel.open(viewModel.orderIdProperty().get());
    }

    @FXML
    private void onVoid() {
        viewModel.voidOpenOrder();
    }

    @FXML
    private void onSearch() {
        viewModel.search();
    }

    private void onKey(KeyEvent event) {
        if (event.getCode() == KeyCode.ENTER && orderIdField.isFocused()) {
            onOpen();
            event.consume();
        } else if (event.getCode() == KeyCode.F5) {
            onSearch();
            event.consume();
        }
    }
}
