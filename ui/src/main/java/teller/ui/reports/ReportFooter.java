package teller.ui.reports;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/**
 * The totals under the report's table ({@link ReportTotals}' lines), shown outside the table so
 * they never scroll away (issue 16): one line per currency, each cell as wide as its column (bound,
 * so a resized column moves its total with it), cut to the table's width and following its
 * sideways scrolling column under column. A column is widened to show its total whole.
 */
final class ReportFooter {
    /** A total's digits in the table's monospaced amount font. */
    static final double TOTAL_CHAR_WIDTH = 8;

    private final TableView<List<String>> table;
    private final Pane clipPane;
    private final VBox lines;

    /** {@code lines} holds the rows of totals inside {@code clipPane}, which is cut to the table's width. */
    ReportFooter(TableView<List<String>> table, Pane clipPane, VBox lines) {
        this.table = table;
        this.clipPane = clipPane;
        this.lines = lines;
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(clipPane.widthProperty());
        clip.heightProperty().bind(clipPane.heightProperty());
        clipPane.setClip(clip);
        clipPane.prefHeightProperty().bind(lines.heightProperty());
        clipPane.minHeightProperty().bind(lines.heightProperty());
        table.skinProperty().addListener((o, was, skin) -> followSidewaysScrolling());
    }

    private void followSidewaysScrolling() {
        for (Node node : table.lookupAll(".scroll-bar")) {
            if (node instanceof ScrollBar bar && bar.getOrientation() == javafx.geometry.Orientation.HORIZONTAL) {
                lines.translateXProperty().bind(bar.valueProperty().negate());
                return;
            }
        }
    }

    /** Shows {@code footer}'s lines under the table's columns, which {@code specs} describe. */
    void show(List<List<String>> footer, List<ColumnSpec> specs) {
        lines.getChildren().clear();
        List<TableColumn<List<String>, ?>> columns = table.getColumns();
        for (List<String> line : footer) {
            HBox row = new HBox();
            row.getStyleClass().add("report-footer-row");
            for (int i = 0; i < columns.size() && i < line.size(); i++) {
                TableColumn<List<String>, ?> column = columns.get(i);
                boolean numeric = i < specs.size() && specs.get(i).numeric();
                String text = line.get(i);
                column.setPrefWidth(Math.max(column.getPrefWidth(), text.length() * TOTAL_CHAR_WIDTH + 30));
                Label cell = new Label(text);
                // total-deposits for the first currency's line, total-deposits-EUR for the next ones.
                String key = i < specs.size() ? specs.get(i).key() : String.valueOf(i);
                cell.setId("total-" + key + (lines.getChildren().isEmpty() ? "" : "-" + line.get(currencyColumn(specs))));
                cell.getStyleClass().add("report-footer-cell");
                if (numeric) {
                    cell.getStyleClass().add("amount-column");
                }
                cell.minWidthProperty().bind(column.widthProperty());
                cell.prefWidthProperty().bind(column.widthProperty());
                cell.maxWidthProperty().bind(column.widthProperty());
                row.getChildren().add(cell);
            }
            lines.getChildren().add(row);
        }
        clipPane.setVisible(!footer.isEmpty());
        clipPane.setManaged(!footer.isEmpty());
    }

    private static int currencyColumn(List<ColumnSpec> specs) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).key().equals("currency")) {
                return i;
            }
        }
        return 0;
    }

    /** The lines of totals as shown. */
    List<List<String>> text() {
        List<List<String>> shown = new ArrayList<>();
        for (Node row : lines.getChildren()) {
            shown.add(((HBox) row).getChildren().stream().map(n -> ((Label) n).getText()).toList());
        }
        return shown;
    }
}
