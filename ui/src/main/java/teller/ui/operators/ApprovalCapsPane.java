package teller.ui.operators;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import teller.ui.api.ApprovalPolicyApi.Cap;

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
        table.getColumns().add(column("Currency", 80, Cap::currency));
        table.getColumns().add(column("Max per approval", 160, ApprovalCapsViewModel::amountOf));
        table.setPlaceholder(new Label("No caps: any amount."));
        table.setPrefWidth(TABLE_WIDTH);
        table.setMinWidth(TABLE_WIDTH);

        Label notice = text("capsNotice", viewModel.noticeProperty());
        notice.getStyleClass().add("field-hint");
        Label error = text("capsError", viewModel.errorProperty());
        error.getStyleClass().addAll("banner", "banner-error");

        VBox side = new VBox(10, explain);
        if (viewModel.canEdit()) {
            side.getChildren().add(editButtons());
        }
        side.getChildren().addAll(notice, error);
        HBox.setHgrow(side, Priority.ALWAYS);
        VBox card = new VBox(10, heading, new HBox(14, table, side));
        card.getStyleClass().add("form-card");
        card.setId("capsCard");
        return card;
    }

    private HBox editButtons() {
        Button add = new Button("Add cap");
        add.setId("addCap");
        add.setOnAction(e -> viewModel.add());
        Button change = new Button("Change");
        change.setId("editCap");
        change.setOnAction(e -> viewModel.edit(selected()));
        Button remove = new Button("Remove");
        remove.setId("removeCap");
        remove.setOnAction(e -> viewModel.remove(selected()));
        add.disableProperty().bind(viewModel.busyProperty());
        change.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(viewModel.busyProperty()));
        remove.disableProperty().bind(change.disableProperty());
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && selected() != null) {
                e.consume();
                viewModel.edit(selected());
            } else if ((e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) && selected() != null) {
                e.consume();
                viewModel.remove(selected());
            }
        });
        table.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && selected() != null) {
                viewModel.edit(selected());
            }
        });
        return new HBox(8, add, change, remove);
    }

    private Cap selected() {
        return table.getSelectionModel().getSelectedItem();
    }

    private static Label text(String id, ObservableStringValue value) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        label.textProperty().bind(value);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    private static TableColumn<Cap, String> column(String title, double width, Function<Cap, String> value) {
        TableColumn<Cap, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
