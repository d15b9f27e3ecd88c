package teller.ui.policy;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import teller.ui.api.ApprovalPolicyApi.Threshold;
import teller.ui.common.Nodes;
import teller.ui.common.TableCommands;

/**
 * The Approval policy screen, built in code: what a dual-approval threshold means, the thresholds
 * by currency, and Add / Change / Remove (also Enter or a double click to change, Delete to remove).
 */
public final class ApprovalPolicyView {
    private static final double TABLE_WIDTH = 380;
    private static final double GAP = 12;

    private final ApprovalPolicyViewModel viewModel;
    private final TableView<Threshold> table = new TableView<>();

    public ApprovalPolicyView(ApprovalPolicyViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public Parent build() {
        Label title = new Label("Approval policy");
        title.getStyleClass().add("section-title");
        ProgressIndicator progress = new ProgressIndicator();
        progress.getStyleClass().add("small-progress");
        progress.visibleProperty().bind(viewModel.busyProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button refresh = new Button("Refresh");
        refresh.setId("refreshPolicy");
        refresh.disableProperty().bind(viewModel.busyProperty());
        refresh.setOnAction(e -> viewModel.refresh());
        HBox header = new HBox(GAP, title, spacer, progress, refresh);
        header.setAlignment(Pos.CENTER_LEFT);
        Label error = Nodes.message("policyError", viewModel.errorProperty());
        error.getStyleClass().addAll("banner", "banner-error");

        BorderPane root = new BorderPane(dualApprovalCard());
        VBox top = new VBox(10, header, error);
        top.setPadding(new Insets(0, 0, GAP, 0));
        root.setTop(top);
        root.getStyleClass().add("screen-pane");
        return root;
    }

    private VBox dualApprovalCard() {
        Label heading = new Label("Dual approval (maker-checker)");
        heading.getStyleClass().add("form-title");
        Label explain = new Label(ApprovalPolicyViewModel.EXPLANATION);
        explain.setId("policyExplanation");
        explain.setWrapText(true);
        Label caps = new Label("The most one operator may approve is set per operator, on the Operators screen.");
        caps.getStyleClass().add("field-hint");
        caps.setWrapText(true);

        table.setId("thresholdTable");
        table.setItems(viewModel.thresholds());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(Nodes.column("Currency", 90, Threshold::currency));
        table.getColumns().add(Nodes.column("Two approvers from", 200, ApprovalPolicyViewModel::amountOf));
        table.setPlaceholder(new Label("No thresholds: one approver is enough for every order."));
        table.setPrefWidth(TABLE_WIDTH);
        table.setMinWidth(TABLE_WIDTH);

        Label notice = Nodes.message("policyNotice", viewModel.noticeProperty());
        notice.getStyleClass().add("field-hint");
        VBox side = new VBox(10, commands(), notice);
        HBox.setHgrow(side, Priority.ALWAYS);
        HBox body = new HBox(14, table, side);
        VBox.setVgrow(body, Priority.ALWAYS);
        Label confirm = Nodes.message("confirmAboveAmount", viewModel.confirmAboveProperty());
        confirm.getStyleClass().add("field-hint");
        VBox card = new VBox(10, heading, explain, caps, confirm, body);
        card.getStyleClass().add("form-card");
        card.setId("dualApprovalCard");
        return card;
    }

    /** Add / Change / Remove for an administrator; for an auditor, a line saying the policy is read only here. */
    private Node commands() {
        if (viewModel.canEdit()) {
            return TableCommands.buttons(table, viewModel.busyProperty(), "Add threshold", "Threshold",
                    viewModel::add, viewModel::edit, viewModel::remove);
        }
        Label readOnly = new Label("Read only: an administrator changes the approval policy.");
        readOnly.setId("policyReadOnly");
        readOnly.getStyleClass().add("field-hint");
        readOnly.setWrapText(true);
        return readOnly;
    }
}
