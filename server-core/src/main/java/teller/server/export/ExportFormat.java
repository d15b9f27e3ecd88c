package teller.server.export;

import java.util.Locale;
import teller.server.common.InvalidInputException;

/** File formats a report can be exported to. */
public enum ExportFormat {
    CSV("text/csv; charset=utf-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    JSON("application/json; charset=utf-8", "json"),
    PDF("application/pdf", "pdf");

    private final String contentType;
    private final String extension;

    ExportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    public static ExportFormat parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("format", "format is required: csv, xlsx, pdf or json");
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("format", "format must be csv, xlsx, pdf or json");
        }
    }
}
