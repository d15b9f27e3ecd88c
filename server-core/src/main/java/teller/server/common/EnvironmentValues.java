package teller.server.common;

import java.util.ArrayList;
import java.util.List;

/**
 * Parsing of settings read from the environment, shared by each feature's settings record so that
 * every feature reads its own variables (next to its defaults) and all of them refuse a bad number
 * with the same message. A blank or absent variable arrives here as null and means "the default".
 */
public final class EnvironmentValues {
    private EnvironmentValues() {
    }

    public static long longOr(String text, long fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, got '" + text + "'", e);
        }
    }

    /** A comma-separated list of whole numbers, such as {@code 10,25,45}. */
    public static List<Integer> intsOr(String text, List<Integer> fallback) {
        if (text == null) {
            return fallback;
        }
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",")) {
            values.add((int) longOr(part.trim(), 0));
        }
        return values;
    }

    public static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
