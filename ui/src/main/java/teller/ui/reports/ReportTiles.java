package teller.ui.reports;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/**
 * The report's summary figures ({@link ReportFigures}) as tiles above the chart: drawn small when
 * there are many, scrolling past two rows so a report of many figures (operations has 16) keeps its
 * table in view, and no band at all when there are none.
 */
final class ReportTiles {
    /** Beyond this many figures the tiles are drawn small; beyond two rows of them they scroll. */
    private static final int FULL_SIZE_MAX = 6;
    private static final double HEIGHT_MAX = 140;

    private final FlowPane tiles;
    private final ScrollPane scroll;

    ReportTiles(FlowPane tiles, ScrollPane scroll) {
        this.tiles = tiles;
        this.scroll = scroll;
        scroll.setMaxHeight(HEIGHT_MAX);
    }

    void show(List<Tile> figures) {
        tiles.getChildren().clear();
        tiles.getStyleClass().remove("compact");
        if (figures.size() > FULL_SIZE_MAX) {
            tiles.getStyleClass().add("compact");
        }
        scroll.setVisible(!figures.isEmpty());
        scroll.setManaged(!figures.isEmpty());
        for (Tile tile : figures) {
            Label label = new Label(tile.label());
            label.getStyleClass().add("tile-label");
            Label value = new Label(tile.value());
            value.setId(tile.id());
            value.getStyleClass().add("tile-value");
            VBox box = new VBox(2, label, value);
            box.getStyleClass().add("report-tile");
            tiles.getChildren().add(box);
        }
    }
}
