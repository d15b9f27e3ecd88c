package teller.ui.queue;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import teller.ui.api.OrderType;

/**
 * The queue's filters and sort as the operator set them; null parts mean "any". Turned into the
 * server's query parameters by {@link #params()} and into one line for the preferences by
 * {@link #encode()} (unknown or broken parts of a remembered line are dropped, never fatal).
 *
 * @param claimed "me" or "unclaimed", or null for all
 * @param sort    "age", "amount" or "risk", or null for the queue's own order (oldest first)
 */
public record QueueFilters(OrderType type, String currency, String playerId, Long amountMin, Long amountMax,
                           Boolean flagged, String claimed, Integer olderThanMinutes, String sort) {
    public static final QueueFilters NONE = new QueueFilters(null, null, null, null, null, null, null, null, null);

    public QueueFilters {
        currency = blankToNull(currency) == null ? null : currency.strip().toUpperCase(Locale.ROOT);
        playerId = blankToNull(playerId);
        claimed = blankToNull(claimed);
        sort = blankToNull(sort);
    }

    public QueueFilters withType(OrderType newType) {
        return new QueueFilters(newType, currency, playerId, amountMin, amountMax, flagged, claimed, olderThanMinutes, sort);
    }

    /** The query parameters of {@code GET /api/v1/orders} besides status and type. */
    public Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("currency", currency);
        p.put("playerId", playerId);
        p.put("amountMin", amountMin == null ? null : amountMin.toString());
        p.put("amountMax", amountMax == null ? null : amountMax.toString());
        p.put("flagged", flagged == null ? null : flagged.toString());
        p.put("claimed", claimed);
        p.put("olderThanMinutes", olderThanMinutes == null ? null : olderThanMinutes.toString());
        p.put("sort", sort);
        return p;
    }

    /** One line for the preferences file, e.g. {@code type=DEPOSIT;currency=USD;sort=amount}. */
    public String encode() {
        StringBuilder line = new StringBuilder();
        if (type != null) {
            line.append("type=").append(type.name()).append(';');
        }
        params().forEach((name, value) -> {
            if (value != null) {
                line.append(name).append('=').append(value.replace(";", "").replace("=", "")).append(';');
            }
        });
        return line.toString();
    }

    /** The filters of a remembered line; what cannot be read is left out. */
    public static QueueFilters decode(String line) {
        if (line == null || line.isBlank()) {
            return NONE;
        }
        Map<String, String> v = new LinkedHashMap<>();
        for (String part : line.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                v.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        OrderType type = null;
        try {
            type = v.get("type") == null ? null : OrderType.valueOf(v.get("type"));
        } catch (IllegalArgumentException unknown) {
            // a type this console no longer knows
        }
        return new QueueFilters(type, v.get("currency"), v.get("playerId"), number(v.get("amountMin")),
                number(v.get("amountMax")), v.get("flagged") == null ? null : Boolean.valueOf(v.get("flagged")),
                oneOf(v.get("claimed"), "me", "unclaimed"),
                number(v.get("olderThanMinutes")) == null ? null : number(v.get("olderThanMinutes")).intValue(),
                oneOf(v.get("sort"), "age", "amount", "risk"));
    }

    private static Long number(String text) {
        try {
            return text == null ? null : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String oneOf(String text, String... allowed) {
        for (String a : allowed) {
            if (a.equals(text)) {
                return a;
            }
        }
        return null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
