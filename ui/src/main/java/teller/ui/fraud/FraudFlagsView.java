package teller.ui.fraud;

import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import teller.ui.api.FraudFlagView;

/** The Fraud Flags screen's controller: binds {@link FraudFlagsViewModel} and forwards events. */
public final class FraudFlagsView {
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
    @FXML private Label flagEvidence;
    @FXML private Label flagResolution;
    @FXML private Button resolveFlag;
    @FXML private Label resolveHint;

    private Parent root;
    private final ChangeListener<FraudFlagView> tableToModel = (obs, before, row) -> select(row);
    private final ChangeListener<FraudFlagView> modelToView = (obs, before, flag) -> show(flag);

    public FraudFlagsView(FraudFlagsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public Parent load() {
        FXMLLoader loader = new FXMLLoader(FraudFlagsView.class.getResource("FraudFlagsView.fxml"));
        loader.setControllerFactory(type -> this);
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load FraudFlagsView.fxml", e);
        }
        return root;
    }

    public void activate() {
        flagsTable.getSelectionModel().selectedItemProperty().addListener(tableToModel);
        viewModel.selectedProperty().addListener(modelToView);
        viewModel.refresh();
    }

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
        flagsLoading.visibleProperty().bind(viewModel.loadingProperty());
        flagsError.textProperty().bind(viewModel.errorProperty());
        flagsError.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        flagsError.managedProperty().bind(flagsError.visibleProperty());
        flagsMessage.textProperty().bind(viewModel.messageProperty());
        flagsMessage.visibleProperty().bind(viewModel.messageProperty().isNotEmpty());
        flagsMessage.managedProperty().bind(flagsMessage.visibleProperty());

        flagsTable.setItems(viewModel.flags());
        ruleColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().rule()));
        playerColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().playerId()));
        orderColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                c.getValue().orderId() == null ? NONE : c.getValue().orderId()));
        // A flag links to its player and its order.
        teller.ui.common.IdLinks.column(playerColumn, teller.ui.common.IdLinks.PLAYER, FraudFlagView::playerId);
        teller.ui.common.IdLinks.column(orderColumn, teller.ui.common.IdLinks.ORDER, FraudFlagView::orderId);
        pointsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().points()));
        levelColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                c.getValue().playerLevel() + " (" + c.getValue().playerScore() + ")"));
        statusColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().status()));

        resolveFlag.disableProperty().bind(viewModel.resolvableProperty().not());
        resolveHint.setText(viewModel.mayResolve() ? "" : "Only a supervisor or an admin may resolve flags.");
        show(null);
    }

    private void show(FraudFlagView flag) {
        if (flag == null) {
            flagTitle.setText("Select a flag to see its evidence");
            flagPlayer.setText("");
            flagEvidence.setText("");
            flagResolution.setText("");
            return;
        }
        if (flagsTable.getSelectionModel().getSelectedItem() != flag) {
            flagsTable.getSelectionModel().select(flag);
        }
        flagTitle.setText(flag.rule() + " · " + flag.points() + " points · " + flag.status());
        flagPlayer.setText("Player " + flag.playerId() + " is " + flag.playerLevel() + " (score " + flag.playerScore()
                + ")" + (flag.orderId() == null ? "" : " · order " + flag.orderId()) + " · raised " + flag.createdAt());
        flagEvidence.setText(String.join("\n", flag.evidenceLines()));
        flagResolution.setText(flag.open() ? "Open" : "Resolved as " + flag.resolution() + " by operator "
                + flag.resolvedBy() + " at " + flag.resolvedAt() + ": " + flag.note());
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
