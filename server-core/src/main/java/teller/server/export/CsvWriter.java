package teller.server.export;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * RFC 4180 CSV: CRLF line ends, a field with a comma, quote, CR or LF is quoted and its quotes
 * doubled. Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
 * gets a leading apostrophe, so an attacker-chosen player or game name cannot execute when an
 * operator opens the file. Numbers are written as numbers (a negative amount stays -500).
 */
public final class CsvWriter {
    private final Writer out;

    public CsvWriter(Writer out) {
        this.out = out;
    }

    public void row(List<?> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(values.get(i)));
        }
        out.write("\r\n");
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number) {
            return value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString();
        }
        String text = neutralise(value.toString());
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0
                || text.indexOf('\n') >= 0 || text.startsWith("'");
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /** Prefixes text that a spreadsheet would treat as a formula with an apostrophe. */
    public static String neutralise(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
