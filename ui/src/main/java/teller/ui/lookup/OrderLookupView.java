package teller.ui.lookup;

import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.fxml.FXML;
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
import teller.ui.common.FxmlView;
import teller.ui.common.IdLinks;
import teller.ui.common.MoneyFormat;
import teller.ui.common.Nodes;
import teller.ui.common.Tables;
import teller.ui.common.Times;

/** Order lookup's controller: the id field (Enter opens), the history filters (F5 searches), the case tabs. */
public final class OrderLookupView extends FxmlView {

    private final OrderLookupViewModel viewModel;

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

    private final EventHandler<KeyEvent> keys = this::onKey;
    private final ChangeListener<OrderView> tableToModel = (obs, before, row) -> select(row);

    public OrderLookupView(OrderLookupViewModel viewModel) {
        this.viewModel = viewModel;
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
        Tables.codeChoices(statusChoice, null, "Any");
        Tables.codeChoices(typeChoice, null, "Any");
        playerField.textProperty().bindBidirectional(viewModel.playerIdProperty());
        fromDate.valueProperty().bindBidirectional(viewModel.fromProperty());
        toDate.valueProperty().bindBidirectional(viewModel.toProperty());
        Nodes.showText(error, viewModel.errorProperty());

        orderTable.setItems(viewModel.orders());
        Tables.placeholder(orderTable, "Search, or open an order by id");
        Tables.column(orderIdColumn, o -> "#" + o.id());
        Tables.codeColumn(orderTypeColumn, o -> o.type() == null ? null : o.type().name());
        Tables.codeColumn(orderStatusColumn, o -> o.status() == null ? null : o.status().name());
        Tables.idColumn(orderPlayerColumn, IdLinks.PLAYER, OrderView::playerId);
        Tables.moneyColumn(orderAmountColumn, OrderView::amount, OrderView::currency);

        historyTable.setItems(viewModel.history());
        Tables.column(historyAtColumn, h -> Times.local(h.at()));
        Tables.column(historyMoveColumn, h -> (h.fromStatus() == null ? "" : teller.ui.common.Labels.label(h.fromStatus()) + " → ")
                + teller.ui.common.Labels.label(h.toStatus()));
        Tables.column(historyByColumn, h -> viewModel.actorName(h.actorType(), h.actorId()));
        Tables.column(historyNoteColumn, h -> h.note() == null ? "" : h.note());
        postingTable.setItems(viewModel.postings());
        Tables.numberColumn(postingTransactionColumn, IdLinks.TRANSACTION, OrderLookupViewModel.Posting::transactionId);
        Tables.codeColumn(postingKindColumn, OrderLookupViewModel.Posting::kind);
        Tables.codeColumn(postingStatusColumn, teller.ui.common.Labels.TRANSACTION, OrderLookupViewModel.Posting::status);
        Tables.column(postingAccountColumn, OrderLookupViewModel.Posting::accountCode);
        Tables.moneyColumn(postingAmountColumn, OrderLookupViewModel.Posting::amount, OrderLookupViewModel.Posting::currency);
        attemptTable.setItems(viewModel.attempts());
        Tables.placeholder(attemptTable, "No provider execution");
        Tables.column(attemptNumberColumn, a -> String.valueOf(a.number()));
        Tables.column(attemptStartedColumn, a -> Times.local(a.startedAt()));
        Tables.codeColumn(attemptOutcomeColumn, a -> a.outcome() == null ? "running" : a.outcome());
        Tables.column(attemptNoteColumn, a -> a.note() == null ? "" : a.note());
        auditTable.setItems(viewModel.audit());
        Tables.column(auditAtColumn, a -> Times.local(a.at()));
        Tables.column(auditActionColumn, OrderCaseApi.AuditRow::action);
        Tables.column(auditActorColumn, a -> a.actorUsername() != null ? a.actorUsername()
                : viewModel.actorName(a.actorType(), a.actorId()));
        Tables.codeColumn(auditOutcomeColumn, OrderCaseApi.AuditRow::outcome);
        caseVoidButton.disableProperty().bind(viewModel.voidRefusalProperty().isNotEmpty().or(viewModel.voidingProperty()));
        caseVoidReason.textProperty().bind(viewModel.voidRefusalProperty());
        caseMessage.textProperty().bind(viewModel.messageProperty());
        viewModel.caseProperty().addListener((obs, before, c) -> caseTitle.setText(c == null ? "Choose an order"
                : "Order #" + c.order().id() + " · " + teller.ui.common.Labels.label(c.order().type()) + " · "
                + teller.ui.common.Labels.label(c.order().status()) + " · "
                + MoneyFormat.format(c.order().amount(), c.order().currency()) + " · player " + c.order().playerId()));
    }

    @Override
    public void activate() {
        root().addEventFilter(KeyEvent.KEY_PRESSED, keys);
        orderTable.getSelectionModel().selectedItemProperty().addListener(tableToModel);
        orderIdField.requestFocus();
    }

    @Override
    public void deactivate() {
        root().removeEventFilter(KeyEvent.KEY_PRESSED, keys);
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
