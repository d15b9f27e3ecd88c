package teller.ui.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import teller.ui.api.ReportData;

/**
 * A report's tiles: the server's scalar summary figures; the view model's part that needs no FX
 * thread. {@link ReportTiles} shows them. The money columns' totals are the table's footer
 * ({@link ReportTotals}, issue 16), not tiles: two rows of tiles left a 1024x700 window one table
 * row, and a report whose rows are not periods (risk exposure's sections) does not add up across
 * its rows.
 */
final class ReportFigures {
    private ReportFigures() {
    }

    static List<Tile> of(ReportKind kind, ReportData result) {
        List<Tile> out = new ArrayList<>();
        boolean reconciliation = kind == ReportKind.RECONCILIATION && result.summary().containsKey("balanced");
        if (reconciliation) {
            // One word for the books (issue 16): "Balanced" or "N discrepancies", not true/false beside a count.
            JsonNode count = result.summary().get("discrepancies");
            out.add(new Tile("summary-result", "Result", ReportValues.reconciliation(
                    result.summary().get("balanced").asBoolean(), count == null ? 0 : count.asLong())));
        }
        result.summary().forEach((key, value) -> {
            if (reconciliation && ("balanced".equals(key) || "discrepancies".equals(key))) {
                return;
            }
            if (value != null && (value.isValueNode() || value.isNull())) {
                out.add(new Tile("summary-" + key, ReportValues.title(key), ReportValues.format(kind, key, value, null)));
            }
        });
        return out;
    }
}
