package teller.ui.providers;

import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import teller.ui.common.FxmlView;
import teller.ui.common.IdLinks;
import teller.ui.common.Nodes;
import teller.ui.common.Tables;
import teller.ui.providers.FailedExecutionsViewModel.Row;

/** The Failed & in flight screen's controller: binds {@link FailedExecutionsViewModel} and forwards events. */
public final class FailedExecutionsView extends FxmlView {
    private final FailedExecutionsViewModel viewModel;

    @FXML private ProgressIndicator failedLoading;
    @FXML private ComboBox<FailedExecutionsViewModel.Show> failedShow;
    @FXML private Label failedError;
    @FXML private Label failedMessage;
    @FXML private TableView<Row> failedTable;
    @FXML private TableColumn<Row, String> orderColumn;
    @FXML private TableColumn<Row, String> typeColumn;
    @FXML private TableColumn<Row, String> playerColumn;
    @FXML private TableColumn<Row, String> amountColumn;
    @FXML private TableColumn<Row, String> statusColumn;
    @FXML private TableColumn<Row, String> errorCodeColumn;
    @FXML private TableColumn<Row, String> errorTextColumn;
    @FXML private TableColumn<Row, Integer> attemptsColumn;
    @FXML private TableColumn<Row, String> lastAttemptColumn;
    @FXML private TableColumn<Row, String> providerColumn;
    @FXML private Button retryFailed;
    @FXML private Label retryHint;
    @FXML private Button voidExecuted;
    @FXML private Label voidHint;

    private final ListChangeListener<Row> tableToModel = change -> syncSelection();

    public FailedExecutionsView(FailedExecutionsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @Override
    public void activate() {
        failedTable.getSelectionModel().getSelectedItems().addListener(tableToModel);
        viewModel.selection().addListener(modelToTable);
        viewModel.activate();
    }

    @Override
    public void deactivate() {
        failedTable.getSelectionModel().getSelectedItems().removeListener(tableToModel);
        viewModel.selection().removeListener(modelToTable);
        viewModel.deactivate();
    }

    private boolean restoring;
    private final ListChangeListener<Row> modelToTable = change -> showSelection();

    private void syncSelection() {
        if (restoring || viewModel.replacing()) {
            return;
        }
        restoring = true;
        try {
            viewModel.selection().setAll(java.util.List.copyOf(failedTable.getSelectionModel().getSelectedItems()));
        } finally {
            restoring = false;
        }
    }

    /** The model's selection (kept across reloads) shown in the table. */
    private void showSelection() {
        if (restoring) {
            return;
        }
        restoring = true;
        try {
            failedTable.getSelectionModel().clearSelection();
            viewModel.selection().forEach(row -> failedTable.getSelectionModel().select(row));
        } finally {
            restoring = false;
        }
    }

    @FXML
    private void initialize() {
        failedShow.getItems().setAll(FailedExecutionsViewModel.Show.values());
        failedShow.valueProperty().bindBidirectional(viewModel.showProperty());
        failedLoading.visibleProperty().bind(viewModel.loadingProperty());
        Nodes.showText(failedError, viewModel.errorProperty());
        Nodes.showText(failedMessage, viewModel.messageProperty());

        failedTable.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        failedTable.setItems(viewModel.rows());
        Tables.idColumn(orderColumn, IdLinks.ORDER, Row::id);
        Tables.codeColumn(typeColumn, r -> r.order().type().name());
        Tables.linkColumn(playerColumn, IdLinks.PLAYER, r -> r.order().playerId(), Row::playerName);
        Tables.moneyColumn(amountColumn, r -> r.order().amount(), r -> r.order().currency());
        Tables.codeColumn(statusColumn, r -> r.order().status().name());
        Tables.column(errorCodeColumn, r -> r.errorCode());
        Tables.column(errorTextColumn, r -> r.errorText());
        Tables.column(attemptsColumn, r -> r.order().executionAttempts());
        Tables.column(lastAttemptColumn, r -> teller.ui.common.Times.formatSeconds(r.lastAttempt()));
        Tables.column(providerColumn, r -> r.providerText());

        retryFailed.disableProperty().bind(viewModel.retryableProperty().not());
        retryHint.textProperty().bind(viewModel.retryReasonProperty());
        voidExecuted.disableProperty().bind(viewModel.voidableProperty().not());
        voidHint.textProperty().bind(viewModel.voidReasonProperty());
    }

    @FXML
    private void refresh() {
        viewModel.providers().refresh();
        viewModel.refresh();
    }

    @FXML
    private void retry() {
        viewModel.retrySelected();
    }

    @FXML
    private void voidOrder() {
        viewModel.voidSelected();
    }
}
