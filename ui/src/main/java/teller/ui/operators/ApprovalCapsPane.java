package teller.ui.operators;

import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import teller.ui.api.ApprovalPolicyApi.Cap;
import teller.ui.common.Nodes;
import teller.ui.common.TableCommands;

/**
 * The selected operator's approval caps on the Operators screen: a small table and, for an
 * administrator only, Add / Change / Remove (also Enter or a double click to change, Delete to
 * remove). Without ADMIN the buttons are not there at all.
 */
final class ApprovalCapsPane {
    private static final double TABLE_WIDTH = 300;

    private final ApprovalCapsViewModel viewModel;
    private final TableView<Cap> table = new TableView<>();

    ApprovalCapsPane(ApprovalCapsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    VBox build() {
        Label heading = new Label();
        heading.setId("capsHeading");
        heading.getStyleClass().add("form-title");
        heading.textProperty().bind(viewModel.headingProperty());
        Label explain = new Label("The most this operator may approve in one order, per currency."
                + " Currencies without a cap are not limited.");
        explain.getStyleClass().add("field-hint");
        explain.setWrapText(true);

        table.setId("capsTable");
        table.getStyleClass().add("caps-table");
        table.setItems(viewModel.caps());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(Nodes.column("Currency", 80, Cap::currency));
        table.getColumns().add(Nodes.column("Max per approval", 160, ApprovalCapsViewModel::amountOf));
        table.setPlaceholder(new Label("No caps: any amount."));
        table.setPrefWidth(TABLE_WIDTH);
        table.setMinWidth(TABLE_WIDTH);

        Label notice = Nodes.message("capsNotice", viewModel.noticeProperty());
        notice.getStyleClass().add("field-hint");
        Label error = Nodes.message("capsError", viewModel.errorProperty());
        error.getStyleClass().addAll("banner", "banner-error");

        VBox side = new VBox(10, explain);
        if (viewModel.canEdit()) {
            side.getChildren().add(TableCommands.buttons(table, viewModel.busyProperty(), "Add cap", "Cap",
                    viewModel::add, viewModel::edit, viewModel::remove));
        }
        side.getChildren().addAll(notice, error);
        HBox.setHgrow(side, Priority.ALWAYS);
        VBox card = new VBox(10, heading, new HBox(14, table, side));
        card.getStyleClass().add("form-card");
        card.setId("capsCard");
        return card;
    }
}
