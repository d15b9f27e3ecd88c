package teller.ui.common;

import java.util.function.Consumer;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;

/**
 * The commands of an editable table: its Add / Change / Remove buttons (Change and Remove need a selected
 * row, all wait while busy), and the same from the keyboard and mouse: Enter or a double click changes
 * the selected row, Delete removes it.
 */
public final class TableCommands {
    private TableCommands() {
    }

    /**
     * Wires a view's buttons (from its FXML) to the table: Change and Remove need a selected row,
     * all three wait while busy.
     */
    public static <T> void wire(TableView<T> table, ObservableBooleanValue busy, Button addButton, Button change,
                                Button removeButton, Runnable add, Consumer<T> edit, Consumer<T> remove) {
        addButton.setOnAction(e -> add.run());
        change.setOnAction(e -> edit.accept(table.getSelectionModel().getSelectedItem()));
        removeButton.setOnAction(e -> remove.accept(table.getSelectionModel().getSelectedItem()));
        addButton.disableProperty().bind(busy);
        change.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull().or(busy));
        removeButton.disableProperty().bind(change.disableProperty());
        table.setOnKeyPressed(e -> {
            T selected = table.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && selected != null) {
                e.consume();
                edit.accept(selected);
            } else if ((e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) && selected != null) {
                e.consume();
                remove.accept(selected);
            }
        });
        table.setOnMouseClicked(e -> {
            T selected = table.getSelectionModel().getSelectedItem();
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && selected != null) {
                edit.accept(selected);
            }
        });
    }
}
