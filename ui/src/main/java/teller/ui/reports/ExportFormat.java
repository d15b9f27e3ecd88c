package teller.ui.reports;

/** The file formats a report exports to; the API's {@code format} parameter and the file extension. */
public enum ExportFormat {
    CSV("CSV"), XLSX("Excel"), PDF("PDF"), JSON("JSON");

    private final String description;

    ExportFormat(String description) {
        this.description = description;
    }

    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String extension() {
        return apiName();
    }

    /** E.g. "Excel (*.xlsx)" for a save dialog's filter. */
    public String description() {
        return description + " (*." + extension() + ")";
    }
}
