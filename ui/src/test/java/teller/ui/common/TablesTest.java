package teller.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.collections.FXCollections;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The columns a view wires with one {@link Tables} call: money in its currency, ids that open what they name. */
class TablesTest {
    record Row(String orderId, String playerId, long amount, String currency) {
    }

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void idsReadAsNumbersOrAsTheyAreAndOpenWhatTheyNameMoneyReadsInItsCurrency() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            TableView<Row> table = new TableView<>(FXCollections.observableArrayList(
                    new Row("42", "p-1", 1_250_00, "USD"), new Row(null, "p-2", -5, "EUR")));
            TableColumn<Row, String> order = new TableColumn<>("Order");
            TableColumn<Row, String> player = new TableColumn<>("Player");
            TableColumn<Row, String> amount = new TableColumn<>("Amount");
            table.getColumns().setAll(java.util.List.of(order, player, amount));
            Tables.numberColumn(order, IdLinks.ORDER, Row::orderId);
            Tables.idColumn(player, IdLinks.PLAYER, Row::playerId);
            Tables.moneyColumn(amount, Row::amount, Row::currency);

            assertThat(order.getCellObservableValue(0).getValue()).isEqualTo("#42");
            assertThat(order.getCellObservableValue(1).getValue()).as("no order: blank").isEmpty();
            assertThat(player.getCellObservableValue(1).getValue()).isEqualTo("p-2");
            assertThat(amount.getCellObservableValue(0).getValue()).isEqualTo(MoneyFormat.format(1_250_00, "USD"));
            assertThat(amount.getCellObservableValue(1).getValue()).isEqualTo(MoneyFormat.format(-5, "EUR"));

            TableCell<Row, String> linked = cell(table, order, 0);
            assertThat(linked.getGraphic()).isInstanceOf(Hyperlink.class);
            assertThat(((Hyperlink) linked.getGraphic()).getText()).isEqualTo("#42");
            assertThat(linked.getGraphic().getUserData()).isEqualTo(IdLinks.ORDER + ":42");
            TableCell<Row, String> none = cell(table, order, 1);
            assertThat(none.getGraphic()).as("a row without an id has no link").isNull();
            assertThat(cell(table, player, 0).getGraphic().getUserData()).isEqualTo(IdLinks.PLAYER + ":p-1");
            return null;
        }).get();
    }

    /** The cell {@code column}'s factory makes for row {@code index}, filled as the table would fill it. */
    private static TableCell<Row, String> cell(TableView<Row> table, TableColumn<Row, String> column, int index) {
        TableRow<Row> row = new TableRow<>();
        row.updateTableView(table);
        row.updateIndex(index);
        TableCell<Row, String> cell = column.getCellFactory().call(column);
        cell.updateTableView(table);
        cell.updateTableColumn(column);
        cell.updateTableRow(row);
        cell.updateIndex(index);
        return cell;
    }
}
