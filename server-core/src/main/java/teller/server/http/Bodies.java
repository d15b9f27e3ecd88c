package teller.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;
import teller.server.common.InvalidInputException;

/** Reads request bodies strictly, naming the offending field when the JSON does not fit. */
final class Bodies {
    private Bodies() {
    }

    static <T> T read(Context ctx, ObjectMapper json, Class<T> type) {
        return parse(ctx.bodyAsBytes(), json, type);
    }

    /** The same strict reading over bytes already taken from the request (a signed webhook's raw body). */
    static <T> T parse(byte[] body, ObjectMapper json, Class<T> type) {
        if (body.length == 0) {
            throw new InvalidInputException("INVALID_JSON", "body", "a JSON object body is required");
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw new InvalidInputException("INVALID_JSON", "body", "a JSON object body is required");
            }
            refuseNul(body, json);
            return value;
        } catch (MismatchedInputException e) {
            String field = fieldOf(e);
            throw new InvalidInputException("INVALID_FIELD", field, field + " has the wrong type");
        } catch (JsonMappingException e) {
            String field = fieldOf(e);
            throw new InvalidInputException("INVALID_FIELD", field, field + " is not valid");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("INVALID_JSON", "body", "body is not valid JSON");
        } catch (java.io.IOException e) {
            throw new InvalidInputException("INVALID_JSON", "body", "body could not be read");
        }
    }

    static <T> T readOptional(Context ctx, ObjectMapper json, Class<T> type, T empty) {
        return ctx.bodyAsBytes().length == 0 ? empty : read(ctx, json, type);
    }

    /**
     * JSON may carry U+0000 in a string ({@code "\\u0000"}), PostgreSQL text may not: left to the
     * database it fails the statement and the request ends as a 500. No field of the API has a use
     * for it, so it is bad input, named by its field. The tree is only walked when the escape occurs.
     */
    private static void refuseNul(byte[] body, ObjectMapper json) throws java.io.IOException {
        if (!new String(body, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("\\u0000")) {
            return;
        }
        String field = nulField(json.readTree(body), "");
        if (field != null) {
            String name = field.isEmpty() ? "body" : field;
            throw new InvalidInputException("INVALID_FIELD", name, name + " contains a NUL character (\\u0000)");
        }
    }

    private static String nulField(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? path : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = nulField(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (field.getKey().indexOf('\0') >= 0) {
                return child;
            }
            String found = nulField(field.getValue(), child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String fieldOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }
}
