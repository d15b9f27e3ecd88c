package teller.ui.policy;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import teller.ui.api.ApprovalPolicyApi.Threshold;
import teller.ui.common.FxmlView;
import teller.ui.common.Nodes;
import teller.ui.common.TableCommands;
import teller.ui.common.Tables;

/**
 * The Approval policy screen's controller (ApprovalPolicyView.fxml): what a dual-approval threshold
 * means, the thresholds by currency, and for an administrator Add / Change / Remove (also Enter or
 * a double click to change, Delete to remove); for anyone else a line saying it is read only here.
 */
public final class ApprovalPolicyView extends FxmlView {
    private final ApprovalPolicyViewModel viewModel;

    @FXML private ProgressIndicator progress;
    @FXML private Button refreshPolicy;
    @FXML private Label policyError;
    @FXML private Label policyExplanation;
    @FXML private TableView<Threshold> thresholdTable;
    @FXML private TableColumn<Threshold, String> currencyColumn;
    @FXML private TableColumn<Threshold, String> amountColumn;
    @FXML private VBox side;
    @FXML private HBox thresholdCommands;
    @FXML private Button addThreshold;
    @FXML private Button editThreshold;
    @FXML private Button removeThreshold;
    @FXML private Label policyReadOnly;
    @FXML private Label policyNotice;
    @FXML private Label confirmAboveAmount;

    public ApprovalPolicyView(ApprovalPolicyViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        progress.visibleProperty().bind(viewModel.busyProperty());
        refreshPolicy.disableProperty().bind(viewModel.busyProperty());
        Nodes.showText(policyError, viewModel.errorProperty());
        policyExplanation.setText(ApprovalPolicyViewModel.EXPLANATION);

        thresholdTable.setItems(viewModel.thresholds());
        Tables.column(currencyColumn, Threshold::currency);
        Tables.column(amountColumn, ApprovalPolicyViewModel::amountOf);
        Tables.placeholder(thresholdTable, "No thresholds: one approver is enough for every order.");
        Nodes.showText(policyNotice, viewModel.noticeProperty());
        Nodes.showText(confirmAboveAmount, viewModel.confirmAboveProperty());

        // Only an administrator has the commands at all; anyone else reads that the policy is read only here.
        if (viewModel.canEdit()) {
            side.getChildren().remove(policyReadOnly);
            TableCommands.wire(thresholdTable, viewModel.busyProperty(), addThreshold, editThreshold, removeThreshold,
                    viewModel::add, viewModel::edit, viewModel::remove);
        } else {
            side.getChildren().remove(thresholdCommands);
        }
    }

    @Override
    public void activate() {
        viewModel.refresh();
    }

    @FXML
    private void refresh() {
        viewModel.refresh();
    }
}
