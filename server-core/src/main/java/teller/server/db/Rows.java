package teller.server.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

/** Column helpers shared by the row mappers, plus keyset cursors and JSON columns. */
final class Rows {
    static final ObjectMapper JSON = new ObjectMapper();

    private Rows() {
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Map<String, Object> jsonObject(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not an object", e);
        }
    }

    static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be stored as JSON", e);
        }
    }

    /** Opaque keyset cursor over a numeric id. */
    static String cursor(long lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("id:" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id inside a cursor, or null for the first page; a malformed cursor is bad input. */
    static Long afterId(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith("id:")) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(text.substring(3));
        } catch (IllegalArgumentException e) {
            throw new teller.server.common.InvalidInputException("cursor", "cursor is not one this server issued");
        }
    }
}
