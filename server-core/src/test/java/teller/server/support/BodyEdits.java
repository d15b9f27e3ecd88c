package teller.server.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** Variations of a valid request body for refusal tests: one field changed or left out. */
public final class BodyEdits {
    private BodyEdits() {
    }

    /** A copy of {@code body} with {@code field} set to {@code value} (which may be null). */
    public static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    /** A copy of {@code body} without {@code field}. */
    public static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.remove(field);
        return copy;
    }
}
