package teller.ui.proof;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import teller.ui.api.ProofForwardApi;
import teller.ui.common.FxmlView;
import teller.ui.common.IdLinks;
import teller.ui.common.Nodes;
import teller.ui.common.Tables;
import teller.ui.common.Times;

/**
 * The proof forwarding screen's controller: binds the status table, the filter and the re-queue
 * button (key Q; F5 refreshes) to {@link ProofForwardsViewModel}.
 */
public final class ProofForwardsView extends FxmlView {
    private static final String ALL = "All statuses";

    private final ProofForwardsViewModel viewModel;

    @FXML private ProgressIndicator loading;
    @FXML private ComboBox<String> statusFilter;
    @FXML private Button refreshButton;
    @FXML private Button requeueButton;
    @FXML private Label error;
    @FXML private Label message;
    @FXML private TableView<ProofForwardApi.Forward> forwardTable;
    @FXML private TableColumn<ProofForwardApi.Forward, String> orderColumn;
    @FXML private TableColumn<ProofForwardApi.Forward, String> statusColumn;
    @FXML private TableColumn<ProofForwardApi.Forward, Integer> attemptsColumn;
    @FXML private TableColumn<ProofForwardApi.Forward, String> lastErrorColumn;
    @FXML private TableColumn<ProofForwardApi.Forward, String> nextAttemptColumn;
    @FXML private TableColumn<ProofForwardApi.Forward, String> updatedColumn;

    private final EventHandler<KeyEvent> keys = this::onKey;
    private final ChangeListener<ProofForwardApi.Forward> tableToModel = (obs, before, row) -> select(row);

    public ProofForwardsView(ProofForwardsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        List<String> choices = new ArrayList<>();
        choices.add(ALL);
        choices.addAll(ProofForwardsViewModel.STATUSES);
        statusFilter.getItems().setAll(choices);
        statusFilter.setValue(ALL);
        Tables.codeChoices(statusFilter, null, ALL);
        statusFilter.valueProperty().addListener((obs, before, value) ->
                viewModel.statusFilterProperty().set(value == null || ALL.equals(value) ? null : value));

        loading.visibleProperty().bind(viewModel.loadingProperty());
        Nodes.showText(error, viewModel.errorProperty());
        message.textProperty().bind(viewModel.messageProperty());
        requeueButton.disableProperty().bind(viewModel.canRequeueProperty().not());
        if (!viewModel.mayRequeue()) {
            requeueButton.setTooltip(new Tooltip("Re-queueing needs the SUPERVISOR or ADMIN role"));
        }

        forwardTable.setItems(viewModel.forwards());
        Tables.numberColumn(orderColumn, IdLinks.ORDER, ProofForwardApi.Forward::orderId);
        Tables.codeColumn(statusColumn, ProofForwardApi.Forward::status);
        Tables.column(attemptsColumn, ProofForwardApi.Forward::attempts);
        Tables.column(lastErrorColumn, f -> f.lastError() == null ? "" : f.lastError());
        Tables.column(nextAttemptColumn, f -> Times.local(f.nextAttemptAt()));
        Tables.column(updatedColumn, f -> Times.local(f.updatedAt()));
        Tables.placeholder(forwardTable, "No proof forwards");
    }

    /** Shown: listen to the keys and the selection, and load. */
    @Override
    public void activate() {
        root().addEventFilter(KeyEvent.KEY_PRESSED, keys);
        forwardTable.getSelectionModel().selectedItemProperty().addListener(tableToModel);
        viewModel.refresh();
    }

    /** Hidden: stop listening. */
    @Override
    public void deactivate() {
        root().removeEventFilter(KeyEvent.KEY_PRESSED, keys);
        forwardTable.getSelectionModel().selectedItemProperty().removeListener(tableToModel);
    }

    private void select(ProofForwardApi.Forward row) {
        viewModel.selectedProperty().set(row);
    }

    @FXML
    private void onRefresh() {
        viewModel.refresh();
    }

    @FXML
    private void onRequeue() {
        viewModel.requeueSelected();
    }

    private void onKey(KeyEvent event) {
        if (event.getCode() == KeyCode.Q && !event.isShortcutDown() && !event.isAltDown()) {
            viewModel.requeueSelected();
            event.consume();
        } else if (event.getCode() == KeyCode.F5) {
            viewModel.refresh();
            event.consume();
        }
    }
}
