package teller.ui.reports;

/** A table column: the API's key, a readable title, and whether it is a number (right-aligned). */
public record ColumnSpec(String key, String title, boolean numeric) {
}
