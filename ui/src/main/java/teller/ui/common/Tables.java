package teller.ui.common;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/**
 * The read-only tables of the FXML views: a column's cell value from its row, a table's empty text,
 * the cells and choices that show the server's codes (issue 16: every code an operator reads
 * shows its {@link Labels label}, with what it means as the cell's tooltip), money in its currency,
 * and ids that open what they name ({@link IdLinks}). A view wires each column with one call here.
 */
public final class Tables {
    private Tables() {
    }

    /** The column shows {@code value} of each row. */
    public static <S, T> void column(TableColumn<S, T> column, Function<S, T> value) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    /** The column shows {@code value} of each row, with {@code meaning} of the row as the cell's tooltip. */
    public static <S> void column(TableColumn<S, String> column, Function<S, String> value, Function<S, String> meaning) {
        column(column, value);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                S row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(empty ? null : item);
                setTooltip(row == null ? null : new Tooltip(meaning.apply(row)));
            }
        });
    }

    /** The column shows each row's amount (minor units) in its currency, as {@link MoneyFormat} writes it. */
    public static <S> void moneyColumn(TableColumn<S, String> column, ToLongFunction<S> amount, Function<S, String> currency) {
        column(column, row -> MoneyFormat.format(amount.applyAsLong(row), currency.apply(row)));
    }

    /**
     * The column shows each row's {@code text} as a link that opens what {@code idOf} names in
     * {@code screenId} (one of {@link IdLinks}' screens); a row without an id shows plain text.
     */
    public static <S> void linkColumn(TableColumn<S, String> column, String screenId, Function<S, String> idOf,
            Function<S, String> text) {
        column(column, text);
        IdLinks.column(column, screenId, idOf);
    }

    /** As {@link #linkColumn}, the id itself as the link's text. */
    public static <S> void idColumn(TableColumn<S, String> column, String screenId, Function<S, String> idOf) {
        linkColumn(column, screenId, idOf, idOf);
    }

    /** As {@link #linkColumn}, the id written as a number ("#42"); blank for a row without one. */
    public static <S> void numberColumn(TableColumn<S, String> column, String screenId, Function<S, String> idOf) {
        linkColumn(column, screenId, idOf, row -> {
            String id = idOf.apply(row);
            return id == null ? "" : "#" + id;
        });
    }

    /** The table shows {@code text} while it has no rows. */
    public static void placeholder(TableView<?> table, String text) {
        table.setPlaceholder(new Label(text));
    }

    /** The column shows each row's code (a status, a rule, a kind) as its label, its meaning as the cell's tooltip. */
    public static <S> void codeColumn(TableColumn<S, String> column, Function<S, String> code) {
        codeColumn(column, null, code);
    }

    /** As {@link #codeColumn(TableColumn, Function)}, the codes read in {@code scope} (e.g. {@link Labels#TRANSACTION}). */
    public static <S> void codeColumn(TableColumn<S, String> column, String scope, Function<S, String> code) {
        column(column, code);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                showCode(this, scope, empty ? null : item);
            }
        });
    }

    /** The column shows each row's codes (e.g. roles) as their labels joined by commas, each explained in the tooltip. */
    public static <S> void codesColumn(TableColumn<S, List<String>> column, Function<S, List<String>> codes) {
        column(column, codes);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(List<String> item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null || item.isEmpty()) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(item.stream().map(Labels::label).collect(Collectors.joining(", ")));
                setTooltip(new Tooltip(item.stream().map(code -> Labels.label(code) + ": " + Labels.tooltip(code))
                        .collect(Collectors.joining("\n"))));
            }
        });
    }

    /** {@code cell} shows {@code code}'s label with its meaning as tooltip; a text that is no code as it is. */
    public static void showCode(Labeled cell, String code) {
        showCode(cell, null, code);
    }

    /** As {@link #showCode(Labeled, String)}, the code read in {@code scope}. */
    public static void showCode(Labeled cell, String scope, String code) {
        showCode(cell, scope, code, null);
    }

    /** As {@link #showCode(Labeled, String, String)}, changing the text of {@code kept} (a cell's one tooltip) if given. */
    private static void showCode(Labeled cell, String scope, String code, Tooltip kept) {
        if (code == null) {
            cell.setText(null);
            cell.setTooltip(null);
        } else if (Labels.known(scope, code)) {
            cell.setText(Labels.label(scope, code));
            Tooltip meaning = kept != null ? kept : new Tooltip();
            meaning.setText(Labels.tooltip(scope, code));
            cell.setTooltip(meaning);
        } else {
            cell.setText(code);
            cell.setTooltip(null);
        }
    }

    /**
     * A choice of codes: the list and the chosen value read as labels, each with its meaning as
     * tooltip; a value that is no code ("Any", "All") reads as it is, and no value as {@code none}.
     */
    public static void codeChoices(ComboBox<String> box, String scope, String none) {
        codeChoices(box, code -> code, scope, none);
    }

    /** As {@link #codeChoices(ComboBox, String, String)}, for a choice of typed values (e.g. an enum) read by their codes. */
    public static <T> void codeChoices(ComboBox<T> box, Function<? super T, String> code, String scope, String none) {
        box.setCellFactory(list -> new CodeListCell<>(code, scope, none));
        box.setButtonCell(new CodeListCell<>(code, scope, none));
    }

    private static final class CodeListCell<T> extends ListCell<T> {
        private final Function<? super T, String> code;
        private final String scope;
        private final String none;
        /** One tooltip per cell, its text changed with the item (a list re-renders its cells often). */
        private final Tooltip meaning = new Tooltip();

        CodeListCell(Function<? super T, String> code, String scope, String none) {
            this.code = code;
            this.scope = scope;
            this.none = none;
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            showCode(this, scope, empty || item == null ? none : code.apply(item), meaning);
        }
    }
}
