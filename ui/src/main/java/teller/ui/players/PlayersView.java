package teller.ui.players;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;
import teller.ui.api.OrderView;
import teller.ui.api.PlayersApi;
import teller.ui.common.FxmlView;
import teller.ui.common.IdLinks;
import teller.ui.common.MoneyFormat;
import teller.ui.common.Nodes;
import teller.ui.common.Tables;
import teller.ui.common.Times;

/**
 * The player desk's controller: the search field (typing searches; Ctrl+F focuses it, F5
 * refreshes), the result table, and the card of the chosen player bound to {@link PlayersViewModel}.
 * Controls the operator's roles do not allow are disabled with the reason next to them.
 */
public final class PlayersView extends FxmlView {

    private final PlayersViewModel viewModel;

    @FXML private TextField playerSearch;
    @FXML private ProgressIndicator searching;
    @FXML private ProgressIndicator loadingCard;
    @FXML private Button refreshButton;
    @FXML private Label error;
    @FXML private Label message;
    @FXML private TableView<PlayersApi.Listed> playerTable;
    @FXML private TableColumn<PlayersApi.Listed, String> usernameColumn;
    @FXML private TableColumn<PlayersApi.Listed, String> idColumn;
    @FXML private TableColumn<PlayersApi.Listed, String> kycColumn;
    @FXML private TableColumn<PlayersApi.Listed, String> balanceColumn;
    @FXML private VBox cardPane;
    @FXML private Label cardTitle;
    @FXML private Label cardBalance;
    @FXML private Label cardAvailable;
    @FXML private Label cardStatus;
    @FXML private Label cardFraud;
    @FXML private Label cardExclusion;
    @FXML private Label cardReferrals;
    @FXML private ComboBox<String> kycChoice;
    @FXML private Button setKycButton;
    @FXML private Label kycReason;
    @FXML private ComboBox<String> exclusionType;
    @FXML private DatePicker exclusionUntil;
    @FXML private Button setExclusionButton;
    @FXML private Label exclusionReason;
    @FXML private TableView<PlayersApi.StatementLine> statementTable;
    @FXML private TableColumn<PlayersApi.StatementLine, String> entryTimeColumn;
    @FXML private TableColumn<PlayersApi.StatementLine, String> entryKindColumn;
    @FXML private TableColumn<PlayersApi.StatementLine, String> entryOrderColumn;
    @FXML private TableColumn<PlayersApi.StatementLine, String> entryStatusColumn;
    @FXML private TableColumn<PlayersApi.StatementLine, String> entryAmountColumn;
    @FXML private TableColumn<PlayersApi.StatementLine, String> entryBalanceColumn;
    @FXML private TableView<OrderView> orderTable;
    @FXML private TableColumn<OrderView, String> orderIdColumn;
    @FXML private TableColumn<OrderView, String> orderTypeColumn;
    @FXML private TableColumn<OrderView, String> orderStatusColumn;
    @FXML private TableColumn<OrderView, String> orderAmountColumn;
    @FXML private TableColumn<OrderView, String> orderTimeColumn;
    @FXML private Button voidOrderButton;
    @FXML private Label orderVoidReason;
    @FXML private Button changeLimitButton;
    @FXML private Button defaultLimitButton;
    @FXML private Label limitReason;
    @FXML private TableView<PlayersApi.Limit> limitTable;
    @FXML private TableColumn<PlayersApi.Limit, String> limitRuleColumn;
    @FXML private TableColumn<PlayersApi.Limit, String> limitDefaultColumn;
    @FXML private TableColumn<PlayersApi.Limit, String> limitOverrideColumn;
    @FXML private TableColumn<PlayersApi.Limit, String> limitEffectiveColumn;

    private final EventHandler<KeyEvent> keys = this::onKey;
    private final ChangeListener<PlayersApi.Listed> tableToModel = (obs, before, row) -> select(row);

    public PlayersView(PlayersViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        playerSearch.textProperty().bindBidirectional(viewModel.searchTextProperty());
        searching.visibleProperty().bind(viewModel.searchingProperty());
        loadingCard.visibleProperty().bind(viewModel.loadingCardProperty());
        Nodes.showText(error, viewModel.errorProperty());
        message.textProperty().bind(viewModel.messageProperty());

        playerTable.setItems(viewModel.results());
        Tables.placeholder(playerTable, "No player matches");
        Tables.column(usernameColumn, PlayersApi.Listed::username);
        Tables.column(idColumn, PlayersApi.Listed::id);
        Tables.codeColumn(kycColumn, teller.ui.common.Labels.KYC, PlayersApi.Listed::kycStatus);
        Tables.moneyColumn(balanceColumn, PlayersApi.Listed::balance, PlayersApi.Listed::currency);

        cardPane.disableProperty().bind(viewModel.cardProperty().isNull());
        viewModel.cardProperty().addListener((obs, before, card) -> showCard(card));

        kycChoice.getItems().setAll(PlayersViewModel.KYC_STATUSES);
        kycChoice.valueProperty().bindBidirectional(viewModel.kycChoiceProperty());
        Tables.codeChoices(kycChoice, teller.ui.common.Labels.KYC, null);
        setKycButton.disableProperty().bind(viewModel.canSetKycProperty().not());
        kycReason.setText(viewModel.mayKyc() ? "" : PlayersViewModel.KYC_REASON);
        if (!viewModel.mayKyc()) {
            setKycButton.setTooltip(new Tooltip(PlayersViewModel.KYC_REASON));
            kycChoice.setDisable(true);
        }
        exclusionType.getItems().setAll(PlayersViewModel.EXCLUSION_TYPES);
        Tables.codeChoices(exclusionType, null, null);
        exclusionType.valueProperty().bindBidirectional(viewModel.exclusionTypeProperty());
        exclusionUntil.valueProperty().bindBidirectional(viewModel.exclusionUntilProperty());
        exclusionUntil.disableProperty().bind(Bindings.equal("PERMANENT", viewModel.exclusionTypeProperty()));
        setExclusionButton.disableProperty().bind(viewModel.canSetExclusionProperty().not());
        exclusionReason.setText(viewModel.mayExclude() ? "Can only be lengthened" : PlayersViewModel.EXCLUSION_REASON);
        if (!viewModel.mayExclude()) {
            setExclusionButton.setTooltip(new Tooltip(PlayersViewModel.EXCLUSION_REASON));
        }

        statementTable.setItems(viewModel.statement());
        Tables.placeholder(statementTable, "No entries");
        Tables.column(entryTimeColumn, e -> Times.local(e.createdAt()));
        Tables.codeColumn(entryKindColumn, PlayersApi.StatementLine::kind);
        Tables.numberColumn(entryOrderColumn, IdLinks.ORDER, PlayersApi.StatementLine::orderId);
        Tables.codeColumn(entryStatusColumn, teller.ui.common.Labels.TRANSACTION, PlayersApi.StatementLine::status);
        Tables.moneyColumn(entryAmountColumn, e -> -e.amount(), e -> currency());
        Tables.moneyColumn(entryBalanceColumn, PlayersApi.StatementLine::balanceAfter, e -> currency());

        orderTable.setItems(viewModel.orders());
        Tables.placeholder(orderTable, "No orders");
        Tables.numberColumn(orderIdColumn, IdLinks.ORDER, OrderView::id);
        Tables.codeColumn(orderTypeColumn, o -> o.type() == null ? null : o.type().name());
        Tables.codeColumn(orderStatusColumn, o -> o.status() == null ? null : o.status().name());
        Tables.moneyColumn(orderAmountColumn, OrderView::amount, OrderView::currency);
        Tables.column(orderTimeColumn, o -> Times.local(o.createdAt()));
        orderTable.getSelectionModel().selectedItemProperty().addListener((obs, before, order) ->
                viewModel.selectedOrderProperty().set(order));
        voidOrderButton.disableProperty().bind(viewModel.voidRefusalProperty().isNotEmpty()
                .or(viewModel.savingProperty()));
        orderVoidReason.textProperty().bind(viewModel.voidRefusalProperty());

        limitTable.setItems(viewModel.limits());
        Tables.placeholder(limitTable, "No limits");
        Tables.column(limitRuleColumn, l -> LimitOverrideEditor.name(l.rule()));
        Tables.column(limitDefaultColumn, l -> limitValue(l, l.defaultValue()));
        Tables.column(limitOverrideColumn, l -> limitValue(l, l.override()));
        Tables.column(limitEffectiveColumn, l -> limitValue(l, l.effective()));
        limitTable.getSelectionModel().selectedItemProperty().addListener((obs, before, limit) ->
                viewModel.selectedLimitProperty().set(limit));
        changeLimitButton.disableProperty().bind(viewModel.limitRefusalProperty().isNotEmpty()
                .or(viewModel.savingProperty()));
        defaultLimitButton.disableProperty().bind(Bindings.createBooleanBinding(() -> !viewModel.limitRefusalProperty()
                        .get().isEmpty() || viewModel.savingProperty().get() || viewModel.selectedLimitProperty().get() == null
                        || viewModel.selectedLimitProperty().get().override() == null,
                viewModel.limitRefusalProperty(), viewModel.savingProperty(), viewModel.selectedLimitProperty()));
        limitReason.textProperty().bind(viewModel.limitRefusalProperty());
    }

    private void showCard(PlayersApi.Card card) {
        if (card == null) {
            cardTitle.setText("Choose a player");
            return;
        }
        cardTitle.setText(card.username() + "  (" + card.id() + ")");
        cardBalance.setText(MoneyFormat.format(card.balance(), card.currency()));
        cardAvailable.setText(MoneyFormat.format(card.available(), card.currency()));
        cardStatus.setText(teller.ui.common.Labels.label(card.status()) + " · KYC "
                + teller.ui.common.Labels.label(teller.ui.common.Labels.KYC, card.kycStatus()).toLowerCase(java.util.Locale.ROOT));
        cardStatus.setTooltip(new javafx.scene.control.Tooltip(teller.ui.common.Labels.meaning(card.status()) + " "
                + teller.ui.common.Labels.meaning(teller.ui.common.Labels.KYC, card.kycStatus())));
        cardFraud.setText(card.fraudScore() == null ? "" : "Player risk: " + teller.ui.common.Labels.label(card.fraudLevel())
                + ", score " + card.fraudScore());
        PlayersApi.Exclusion exclusion = card.exclusion();
        cardExclusion.setText(exclusion == null ? "none" : exclusion.type()
                + (exclusion.until() == null ? "" : " until " + Times.local(exclusion.until()))
                + (Boolean.FALSE.equals(exclusion.active()) ? " (ended)" : ""));
        cardReferrals.textProperty().bind(viewModel.referralsProperty());
    }

    private String money(long minor) {
        return MoneyFormat.format(minor, currency());
    }

    /** The shown player's currency: the statement's money is in it. */
    private String currency() {
        PlayersApi.Card card = viewModel.cardProperty().get();
        return card == null ? "USD" : card.currency();
    }

    /** A limit's figure: money in the player's currency, the cooldown in seconds; blank for none. */
    private String limitValue(PlayersApi.Limit limit, Long value) {
        if (value == null) {
            return "";
        }
        return LimitOverrideEditor.money(limit.rule()) ? money(value) : value + " s";
    }

    /** Shown: listen to the keys and the selection, and list the first players. */
    @Override
    public void activate() {
        root().addEventFilter(KeyEvent.KEY_PRESSED, keys);
        playerTable.getSelectionModel().selectedItemProperty().addListener(tableToModel);
        viewModel.search();
        playerSearch.requestFocus();
    }

    /** Hidden: stop listening. */
    @Override
    public void deactivate() {
        root().removeEventFilter(KeyEvent.KEY_PRESSED, keys);
        playerTable.getSelectionModel().selectedItemProperty().removeListener(tableToModel);
    }

    private void select(PlayersApi.Listed row) {
        if (row != null) {
            viewModel.selectedProperty().set(row);
        }
    }

    @FXML
    private void onRefresh() {
        viewModel.search();
        viewModel.serverChanged();
    }

    @FXML
    private void onSetKyc() {
        viewModel.setKyc();
    }

    @FXML
    private void onChangeLimit() {
        viewModel.editLimit();
    }

    @FXML
    private void onDefaultLimit() {
        viewModel.useDefaultLimit();
    }

    @FXML
    private void onVoidOrder() {
        viewModel.voidSelectedOrder();
    }

    @FXML
    private void onSetExclusion() {
        viewModel.setExclusion();
    }

    private void onKey(KeyEvent event) {
        if (event.getCode() == KeyCode.F && event.isShortcutDown()) {
            playerSearch.requestFocus();
            playerSearch.selectAll();
            event.consume();
        } else if (event.getCode() == KeyCode.F5) {
            onRefresh();
            event.consume();
        } else if (event.getCode() == KeyCode.DOWN && playerSearch.isFocused() && !playerTable.getItems().isEmpty()) {
            playerTable.requestFocus();
            playerTable.getSelectionModel().selectFirst();
            event.consume();
        }
    }
}
