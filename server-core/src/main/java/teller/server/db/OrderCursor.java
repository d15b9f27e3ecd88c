package teller.server.db;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import teller.server.common.InvalidInputException;
import teller.server.orders.OrderSort;

/**
 * The keyset cursor of a sorted order list: the sort it belongs to, the last row's sort value and its
 * id. Opaque to clients; a cursor of another sort (or none this server made) is bad input.
 */
record OrderCursor(OrderSort sort, String value, long id) {
    private static final String PREFIX = "orders:";

    String text() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + sort.name() + ":" + id + ":" + value).getBytes(StandardCharsets.UTF_8));
    }

    /** Null for the first page; for an unsorted list, the plain id cursor of {@link Rows}. */
    static OrderCursor parse(String cursor, OrderSort sort) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        if (sort == null) {
            return new OrderCursor(null, null, Rows.afterId(cursor));
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = text.split(":", 4);
            if (parts.length != 4 || !(parts[0] + ":").equals(PREFIX)) {
                throw new IllegalArgumentException();
            }
            if (!parts[1].equals(sort.name())) {
                throw new InvalidInputException("cursor", "cursor belongs to sort=" + parts[1].toLowerCase(java.util.Locale.ROOT)
                        + ", not sort=" + sort.name().toLowerCase(java.util.Locale.ROOT));
            }
            long id = Long.parseLong(parts[2]);
            String value = parts[3];
            if (sort == OrderSort.AGE) {
                Instant.parse(value);
            } else {
                Long.parseLong(value);
            }
            return new OrderCursor(sort, value, id);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new InvalidInputException("cursor", "cursor is not one this server issued");
        }
    }
}
