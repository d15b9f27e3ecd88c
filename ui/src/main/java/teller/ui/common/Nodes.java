package teller.ui.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;

/** Small nodes the console's views build the same way. */
public final class Nodes {
    private Nodes() {
    }

    /** A wrapping label showing {@code value}, taking no room while it is empty. */
    public static Label message(String id, ObservableStringValue value) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        showText(label, value);
        return label;
    }

    /** {@code label} shows {@code value}, and takes no room while it is empty. */
    public static void showText(Label label, ObservableStringValue value) {
        label.textProperty().bind(value);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }

    /** A read-only text column of a table. */
    public static <T> TableColumn<T, String> column(String title, double width, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
