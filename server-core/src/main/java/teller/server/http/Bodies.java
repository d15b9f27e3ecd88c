package teller.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;
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

    private static String fieldOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }
}
