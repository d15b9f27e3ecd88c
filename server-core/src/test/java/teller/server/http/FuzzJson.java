package teller.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** JSON text for the write-endpoint fuzz test's bodies, built by hand where it must be malformed. */
final class FuzzJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FuzzJson() {
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String object(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((name, value) -> out.append(out.length() > 1 ? "," : "").append(toJson(name)).append(':').append(value));
        return out.append('}').toString();
    }

    static boolean parsesAsObject(String text) {
        try {
            return JSON.readTree(text).isObject();
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
