package teller.ui.fraud;

import javafx.beans.value.ChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import teller.ui.api.FraudFlagView;
import teller.ui.common.FxmlView;
import teller.ui.common.IdLinks;
import teller.ui.common.Nodes;
import teller.ui.common.Tables;

/** The Fraud Flags screen's controller: binds {@link FraudFlagsViewModel} and forwards events. */
public final class FraudFlagsView extends FxmlView {
    private static final String NONE = "—";

    private final FraudFlagsViewModel viewModel;

    @FXML private ProgressIndicator flagsLoading;
    @FXML private ComboBox<String> flagStatusFilter;
    @FXML private ComboBox<String> flagLevelFilter;
    @FXML private Label flagsError;
    @FXML private Label flagsMessage;
    @FXML private TableView<FraudFlagView> flagsTable;
    @FXML private TableColumn<FraudFlagView, String> ruleColumn;
    @FXML private TableColumn<FraudFlagView, String> playerColumn;
    @FXML private TableColumn<FraudFlagView, String> orderColumn;
    @FXML private TableColumn<FraudFlagView, Integer> pointsColumn;
    @FXML private TableColumn<FraudFlagView, String> levelColumn;
    @FXML private TableColumn<FraudFlagView, String> statusColumn;
    @FXML private Label flagTitle;
    @FXML private Label flagPlayer;
    @FXML private javafx.scene.layout.FlowPane flagLinks;
    @FXML private Label flagEvidence;
    @FXML private Label flagResolution;
    @FXML private Button resolveFlag;
    @FXML private Label resolveHint;

    private final ChangeListener<FraudFlagView> tableToModel = (obs, before, row) -> select(row);
    private final ChangeListener<FraudFlagView> modelToView = (obs, before, flag) -> show(flag);

    public FraudFlagsView(FraudFlagsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @Override
    public void activate() {
        flagsTable.getSelectionModel().selectedItemProperty().addListener(tableToModel);
        viewModel.selectedProperty().addListener(modelToView);
        viewModel.refresh();
    }

    @Override
    public void deactivate() {
        flagsTable.getSelectionModel().selectedItemProperty().removeListener(tableToModel);
        viewModel.selectedProperty().removeListener(modelToView);
    }

    @FXML
    private void initialize() {
        flagStatusFilter.getItems().setAll(FraudFlagsViewModel.statusChoices());
        flagStatusFilter.valueProperty().bindBidirectional(viewModel.statusFilterProperty());
        flagLevelFilter.getItems().setAll(FraudFlagsViewModel.levelChoices());
        flagLevelFilter.valueProperty().bindBidirectional(viewModel.levelFilterProperty());
        Tables.codeChoices(flagStatusFilter, null, null);
        Tables.codeChoices(flagLevelFilter, null, null);
        flagsLoading.visibleProperty().bind(viewModel.loadingProperty());
        Nodes.showText(flagsError, viewModel.errorProperty());
        Nodes.showText(flagsMessage, viewModel.messageProperty());

        flagsTable.setItems(viewModel.flags());
        Tables.codeColumn(ruleColumn, FraudFlagView::rule);
        Tables.idColumn(playerColumn, IdLinks.PLAYER, FraudFlagView::playerId);
        Tables.linkColumn(orderColumn, IdLinks.ORDER, FraudFlagView::orderId, r -> r.orderId() == null ? NONE : r.orderId());
        Tables.column(pointsColumn, r -> r.points());
        Tables.column(levelColumn, r -> teller.ui.common.Labels.label(r.playerLevel()) + " (" + r.playerScore() + ")");
        Tables.codeColumn(statusColumn, FraudFlagView::status);

        resolveFlag.disableProperty().bind(viewModel.resolvableProperty().not());
        resolveHint.setText(viewModel.mayResolve() ? "" : "Only a supervisor or an admin may resolve flags.");
        show(null);
    }

    private void show(FraudFlagView flag) {
        if (flag == null) {
            flagTitle.setText("Select a flag to see its evidence");
            flagPlayer.setText("");
            flagEvidence.setText("");
            flagLinks.getChildren().clear();
            flagResolution.setText("");
            return;
        }
        if (flagsTable.getSelectionModel().getSelectedItem() != flag) {
            flagsTable.getSelectionModel().select(flag);
        }
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        flagTitle.setText(FlagText.title(flag));
        flagPlayer.setText(FlagText.player(flag, zone));
        flagEvidence.setText(EvidenceText.of(flag, null, zone));
        flagLinks.getChildren().setAll(EvidenceText.links(flag).stream()
                .map(link -> IdLinks.link(link.text(), link.screenId(), link.id())).toList());
        flagResolution.setText(FlagText.resolution(flag, zone));
    }

    private void select(FraudFlagView row) {
        if (row != null) {
            viewModel.selectedProperty().set(row);
        }
    }

    @FXML
    private void refresh() {
        viewModel.refresh();
    }

    @FXML
    private void resolve() {
        viewModel.resolveSelected();
    }
}
