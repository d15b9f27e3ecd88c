package teller.ui.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** The read-only tables of the FXML views: a column's cell value from its row, a table's empty text. */
public final class Tables {
    private Tables() {
    }

    /** The column shows {@code value} of each row. */
    public static <S, T> void column(TableColumn<S, T> column, Function<S, T> value) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    /** The table shows {@code text} while it has no rows. */
    public static void placeholder(TableView<?> table, String text) {
        table.setPlaceholder(new Label(text));
    }
}
