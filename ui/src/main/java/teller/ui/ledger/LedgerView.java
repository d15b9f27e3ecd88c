package teller.ui.ledger;

import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import teller.ui.api.LedgerApi;
import teller.ui.api.PlayersApi;
import teller.ui.common.FxmlView;
import teller.ui.common.IdLinks;
import teller.ui.common.Nodes;
import teller.ui.common.Tables;
import teller.ui.common.Times;

/**
 * The ledger screen's controller: the account filter and table, the chosen account's entries with
 * the running balance, the chosen entry's transaction legs, and Verify (key V; F5 refreshes).
 */
public final class LedgerView extends FxmlView {

    private final LedgerViewModel viewModel;

    @FXML private TextField codeFilter;
    @FXML private ProgressIndicator loading;
    @FXML private Label verifyResult;
    @FXML private Button verifyButton;
    @FXML private Button refreshButton;
    @FXML private Label error;
    @FXML private TableView<LedgerApi.Discrepancy> discrepancyTable;
    @FXML private TableColumn<LedgerApi.Discrepancy, String> discrepancyKindColumn;
    @FXML private TableColumn<LedgerApi.Discrepancy, String> discrepancySubjectColumn;
    @FXML private TableColumn<LedgerApi.Discrepancy, String> discrepancyExpectedColumn;
    @FXML private TableColumn<LedgerApi.Discrepancy, String> discrepancyActualColumn;
    @FXML private TableView<LedgerApi.Account> accountTable;
    @FXML private TableColumn<LedgerApi.Account, String> accountCodeColumn;
    @FXML private TableColumn<LedgerApi.Account, String> accountTypeColumn;
    @FXML private TableColumn<LedgerApi.Account, String> accountBalanceColumn;
    @FXML private TableView<PlayersApi.StatementLine> entryTable;
    @FXML private TableColumn<PlayersApi.StatementLine, String> entryTimeColumn;
    @FXML private TableColumn<PlayersApi.StatementLine, String> entryTransactionColumn;
    @FXML private TableColumn<PlayersApi.StatementLine, String> entryKindColumn;
    @FXML private TableColumn<PlayersApi.StatementLine, String> entryOrderColumn;
    @FXML private TableColumn<PlayersApi.StatementLine, String> entryStatusColumn;
    @FXML private TableColumn<PlayersApi.StatementLine, String> entryAmountColumn;
    @FXML private TableColumn<PlayersApi.StatementLine, String> entryBalanceColumn;
    @FXML private Label transactionTitle;
    @FXML private TableView<LedgerApi.Leg> legTable;
    @FXML private TableColumn<LedgerApi.Leg, String> legAccountColumn;
    @FXML private TableColumn<LedgerApi.Leg, String> legAmountColumn;

    private final EventHandler<KeyEvent> keys = this::onKey;
    private final ChangeListener<LedgerApi.Account> accountToModel = (obs, before, row) -> selectAccount(row);
    private final ChangeListener<PlayersApi.StatementLine> entryToModel = (obs, before, row) -> selectEntry(row);

    public LedgerView(LedgerViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        codeFilter.textProperty().bindBidirectional(viewModel.codeFilterProperty());
        loading.visibleProperty().bind(viewModel.loadingProperty());
        Nodes.showText(error, viewModel.errorProperty());
        verifyResult.textProperty().bind(viewModel.verifyResultProperty());
        verifyButton.disableProperty().bind(viewModel.canVerifyProperty().not());
        if (!viewModel.mayVerify()) {
            verifyButton.setTooltip(new Tooltip(LedgerViewModel.VERIFY_REASON));
        }

        discrepancyTable.setItems(viewModel.discrepancies());
        discrepancyTable.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(viewModel.discrepancies()));
        discrepancyTable.managedProperty().bind(discrepancyTable.visibleProperty());
        Tables.codeColumn(discrepancyKindColumn, LedgerApi.Discrepancy::kind);
        Tables.column(discrepancySubjectColumn, LedgerApi.Discrepancy::subject);
        Tables.column(discrepancyExpectedColumn, LedgerApi.Discrepancy::expected);
        Tables.column(discrepancyActualColumn, LedgerApi.Discrepancy::actual);

        accountTable.setItems(viewModel.accounts());
        Tables.placeholder(accountTable, "No accounts");
        Tables.column(accountCodeColumn, LedgerApi.Account::code);
        Tables.codeColumn(accountTypeColumn, LedgerApi.Account::type);
        Tables.moneyColumn(accountBalanceColumn, LedgerApi.Account::balance, LedgerApi.Account::currency);

        entryTable.setItems(viewModel.entries());
        Tables.placeholder(entryTable, "Choose an account");
        Tables.column(entryTimeColumn, e -> Times.local(e.createdAt()));
        Tables.column(entryTransactionColumn, e -> "#" + e.transactionId());
        Tables.codeColumn(entryKindColumn, PlayersApi.StatementLine::kind);
        Tables.numberColumn(entryOrderColumn, IdLinks.ORDER, PlayersApi.StatementLine::orderId);
        Tables.codeColumn(entryStatusColumn, teller.ui.common.Labels.TRANSACTION, PlayersApi.StatementLine::status);
        Tables.moneyColumn(entryAmountColumn, PlayersApi.StatementLine::amount, e -> currency());
        Tables.moneyColumn(entryBalanceColumn, PlayersApi.StatementLine::balanceAfter, e -> currency());

        legTable.setItems(viewModel.legs());
        Tables.placeholder(legTable, "No transaction chosen");
        Tables.column(legAccountColumn, LedgerApi.Leg::accountCode);
        Tables.moneyColumn(legAmountColumn, LedgerApi.Leg::amount, l -> currency());
        viewModel.transactionProperty().addListener((obs, before, t) -> transactionTitle.setText(t == null ? ""
                : "Transaction #" + t.id() + " · " + teller.ui.common.Labels.label(t.kind()) + " · "
                + teller.ui.common.Labels.label(teller.ui.common.Labels.TRANSACTION, t.status())
                + (t.orderId() == null ? "" : " · order #" + t.orderId())
                + (t.reversesId() == null ? "" : " · reverses #" + t.reversesId())));
    }

    /** The chosen account's currency: the entries' and legs' money is in it. */
    private String currency() {
        LedgerApi.Account account = viewModel.selectedAccountProperty().get();
        return account == null ? "USD" : account.currency();
    }

    /** Shown: listen to the keys and the selections, and load. */
    @Override
    public void activate() {
        root().addEventFilter(KeyEvent.KEY_PRESSED, keys);
        accountTable.getSelectionModel().selectedItemProperty().addListener(accountToModel);
        entryTable.getSelectionModel().selectedItemProperty().addListener(entryToModel);
        viewModel.refresh();
    }

    /** Hidden: stop listening. */
    @Override
    public void deactivate() {
        root().removeEventFilter(KeyEvent.KEY_PRESSED, keys);
        accountTable.getSelectionModel().selectedItemProperty().removeListener(accountToModel);
        entryTable.getSelectionModel().selectedItemProperty().removeListener(entryToModel);
    }

    private void selectAccount(LedgerApi.Account row) {
        if (row != null) {
            viewModel.selectedAccountProperty().set(row);
        }
    }

    private void selectEntry(PlayersApi.StatementLine row) {
        viewModel.selectedEntryProperty().set(row);
    }

    @FXML
    private void onVerify() {
        viewModel.verify();
    }

    @FXML
    private void onRefresh() {
        viewModel.serverChanged();
    }

    private void onKey(KeyEvent event) {
        if (event.getCode() == KeyCode.V && !event.isShortcutDown() && !event.isAltDown() && !codeFilter.isFocused()) {
            viewModel.verify();
            event.consume();
        } else if (event.getCode() == KeyCode.F5) {
            onRefresh();
            event.consume();
        }
    }
}
