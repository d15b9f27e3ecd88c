package teller.ui.reports;

/** One figure above the table, e.g. id {@code total-deposits}, label "Deposits", value "$65.00". */
public record Tile(String id, String label, String value) {
}
