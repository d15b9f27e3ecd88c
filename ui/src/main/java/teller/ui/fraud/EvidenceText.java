package teller.ui.fraud;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import teller.ui.api.FraudFlagView;
import teller.ui.common.Labels;
import teller.ui.common.MoneyFormat;

/**
 * A fraud flag's evidence as sentences (issue 16): money in its currency ("a deposit of $1,200.00"),
 * times in local time to the second, orders by number. The currency is the evidence's own, else the
 * one given (the order's); a rule this console does not know reads as "name: value" lines. No UI classes.
 */
public final class EvidenceText {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private EvidenceText() {
    }

    /** The evidence of {@code flag} as sentences, one per line. */
    public static String of(FraudFlagView flag, String orderCurrency, ZoneId zone) {
        JsonNode e = flag.evidence();
        if (e == null || !e.isObject() || e.isEmpty()) {
            return "";
        }
        String currency = e.hasNonNull("currency") ? e.get("currency").asText() : orderCurrency;
        return switch (flag.rule()) {
            case "VELOCITY" -> e.path("orders").asInt() + " orders within an hour, more than the " + e.path("threshold").asInt()
                    + " allowed: from " + time(e.path("windowStart"), zone) + " to " + time(e.path("windowEnd"), zone)
                    + " (" + orders(e.path("orderIds")) + ").";
            case "RAPID_WITHDRAWAL" -> "A deposit of " + money(e.path("depositAmount"), currency) + " (order #"
                    + e.path("depositOrderId").asText() + ") was paid in at " + time(e.path("depositExecutedAt"), zone)
                    + "; this withdrawal was requested at " + time(e.path("withdrawalRequestedAt"), zone) + ", "
                    + duration(e.path("secondsBetween").asLong()) + " later (a withdrawal within "
                    + e.path("thresholdMinutes").asInt() + " minutes of a deposit is flagged).";
            case "WINNING_STREAK" -> streak(e, currency);
            case "DUPLICATE_PROOF" -> duplicateProof(e);
            case "AMOUNT_ANOMALY" -> article(Labels.label(e.path("type").asText("order"))) + " of "
                    + money(e.path("amount"), currency) + " is more than " + e.path("factor").asInt()
                    + " times the median " + money(e.path("median"), currency) + " of the player's last "
                    + e.path("historyOrders").asInt() + " " + Labels.label(e.path("type").asText("order"))
                    .toLowerCase(java.util.Locale.ROOT) + "s.";
            case "REFUND" -> "The payment provider " + e.path("provider").asText() + " refunded charge "
                    + e.path("chargeId").asText() + " of " + money(e.path("amount"), currency) + " behind deposit #"
                    + e.path("orderId").asText() + ".";
            default -> String.join("\n", flag.evidenceLines());
        };
    }

    /** What a flag's evidence names that the console can open: a screen (IdLinks) and the id in it. */
    public record Link(String text, String screenId, String id) {
    }

    /**
     * The orders and players the evidence names besides the flag's own, each to open (issue 17: proof
     * reuse names the other players as well as the other orders, each a link). In the evidence's order.
     */
    public static List<Link> links(FraudFlagView flag) {
        JsonNode e = flag.evidence();
        List<Link> links = new ArrayList<>();
        if (e == null || !e.isObject()) {
            return links;
        }
        java.util.Set<String> orders = new java.util.LinkedHashSet<>();
        e.path("otherOrderIds").forEach(id -> orders.add(id.asText()));
        e.path("orderIds").forEach(id -> orders.add(id.asText()));
        if (e.hasNonNull("depositOrderId")) {
            orders.add(e.get("depositOrderId").asText());
        }
        e.path("withdrawals").forEach(w -> orders.add(w.path("orderId").asText()));
        orders.remove(flag.orderId());
        orders.remove("");
        orders.forEach(id -> links.add(new Link("order #" + id, teller.ui.common.IdLinks.ORDER, id)));
        e.path("otherPlayers").forEach(p -> {
            String id = p.path("playerId").asText();
            if (!id.isEmpty() && !id.equals(flag.playerId())) {
                links.add(new Link("player " + (p.hasNonNull("username") ? p.get("username").asText() : id),
                        teller.ui.common.IdLinks.PLAYER, id));
            }
        });
        return links;
    }

    private static String streak(JsonNode e, String currency) {
        List<String> steps = new ArrayList<>();
        e.path("withdrawals").forEach(w -> steps.add("#" + w.path("orderId").asText() + " took out "
                + money(w.path("amount"), currency) + " after deposits of " + money(w.path("depositsBefore"), currency)));
        return e.path("streak").asInt() + " withdrawals in a row each took out more than the player had paid in since"
                + " the one before (" + e.path("threshold").asInt() + " in a row are flagged)"
                + (steps.isEmpty() ? "." : ":\n" + String.join("\n", steps));
    }

    private static String duplicateProof(JsonNode e) {
        String sha = e.path("proofSha256").asText();
        StringBuilder text = new StringBuilder("The same proof image (SHA-256 ")
                .append(sha.length() > 12 ? sha.substring(0, 12) + "…" : sha).append(") is also on ")
                .append(orders(e.path("otherOrderIds"))).append('.');
        e.path("otherPlayers").forEach(p -> text.append("\nPlayer ").append(p.hasNonNull("username")
                ? p.get("username").asText() + " (" + p.path("playerId").asText() + ")" : p.path("playerId").asText())
                .append(": ").append(orders(p.path("orderIds"))));
        return text.toString();
    }

    private static String orders(JsonNode ids) {
        List<String> numbers = new ArrayList<>();
        ids.forEach(id -> numbers.add("#" + id.asText()));
        if (numbers.isEmpty()) {
            return "no other order";
        }
        return (numbers.size() == 1 ? "order " : "orders ") + String.join(", ", numbers);
    }

    private static String money(JsonNode minorUnits, String currency) {
        if (!minorUnits.canConvertToLong()) {
            return minorUnits.asText();
        }
        return currency == null ? minorUnits.asLong() + " (minor units)" : MoneyFormat.format(minorUnits.asLong(), currency);
    }

    private static String time(JsonNode iso, ZoneId zone) {
        try {
            return SECONDS.format(Instant.parse(iso.asText()).atZone(zone));
        } catch (DateTimeParseException e) {
            return iso.asText();
        }
    }

    /** "4 min 5 s", "45 s", "1 h 2 min". */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        return seconds / 3600 + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
    }

    private static String article(String label) {
        return (label.matches("(?i)^[aeiou].*") ? "An " : "A ") + label.toLowerCase(java.util.Locale.ROOT);
    }
}
