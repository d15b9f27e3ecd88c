package teller.ui.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import teller.ui.common.AgeFormat;
import teller.ui.common.MoneyFormat;

/** How report values read on screen: money from minor units, rates as percentages, seconds as ages. */
final class ReportValues {
    private static final int PERCENT_SCALE = 1;

    private ReportValues() {
    }

    /** {@code depositCount} reads "Deposit count", {@code queueAgeP50Seconds} "Queue age p50 seconds". */
    static String title(String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                out.append(' ').append(Character.toLowerCase(c));
            } else {
                out.append(i == 0 ? Character.toUpperCase(c) : c);
            }
        }
        return out.toString();
    }

    static boolean isRate(String key) {
        return key.endsWith("Rate");
    }

    static boolean isSeconds(String key) {
        return key.contains("Seconds");
    }

    /** One value of {@code key}: money in {@code currency} when the report says it is money. */
    /** The reconciliation's result: "Balanced", "1 discrepancy" or "N discrepancies". */
    static String reconciliation(boolean balanced, long discrepancies) {
        if (balanced && discrepancies == 0) {
            return "Balanced";
        }
        if (discrepancies == 0) {
            return "Not balanced";
        }
        return String.format(Locale.US, "%,d", discrepancies) + (discrepancies == 1 ? " discrepancy" : " discrepancies");
    }

    static String format(ReportKind kind, String key, JsonNode value, String currency) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "—";
        }
        if (value.isIntegralNumber() && kind.isMoney(key)) {
            return MoneyFormat.format(value.longValue(), currency);
        }
        if (value.isNumber() && isRate(key)) {
            return percent(value.decimalValue());
        }
        if (value.isIntegralNumber() && isSeconds(key)) {
            return AgeFormat.since(Instant.EPOCH, Instant.ofEpochSecond(value.longValue()));
        }
        if (value.isNumber() && isSeconds(key)) {
            return value.decimalValue().stripTrailingZeros().toPlainString() + " s";
        }
        if (value.isObject()) {
            // A figure per currency, e.g. netFlowByCurrency: {"USD": 5500}.
            return money(value);
        }
        if (value.isIntegralNumber()) {
            return String.format(Locale.US, "%,d", value.longValue());
        }
        if ("section".equals(key)) {
            // Risk exposure's sections are keys: pendingByLevel reads "Pending by level".
            return title(value.asText());
        }
        return value.asText();
    }

    /**
     * A period as a person names it (issue 16, as the exports write it): a day as 2026-11-30, a week
     * as 2026-W49 (ISO week), a month as 2026-12; the server sends each period's first day.
     */
    static String period(JsonNode firstDay, String granularity) {
        if (firstDay == null || firstDay.isNull() || firstDay.isMissingNode()) {
            return "—";
        }
        String text = firstDay.asText();
        java.time.LocalDate day;
        try {
            day = java.time.LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException notADay) {
            return text;
        }
        if ("week".equals(granularity)) {
            return String.format(Locale.ROOT, "%d-W%02d", day.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR),
                    day.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }
        if ("month".equals(granularity)) {
            return String.format(Locale.ROOT, "%d-%02d", day.getYear(), day.getMonthValue());
        }
        return text;
    }

    /** {@code {"USD": 5500, "PHP": 100}} as "PHP 1.00 · $55.00" (by currency code). */
    static String money(JsonNode byCurrency) {
        Map<String, Long> amounts = new java.util.TreeMap<>();
        byCurrency.fields().forEachRemaining(e -> amounts.put(e.getKey(), e.getValue().asLong()));
        return money(amounts);
    }

    static String money(Map<String, Long> byCurrency) {
        if (byCurrency.isEmpty()) {
            return "—";
        }
        return byCurrency.entrySet().stream().map(e -> MoneyFormat.format(e.getValue(), e.getKey()))
                .collect(Collectors.joining(" · "));
    }

    static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).setScale(PERCENT_SCALE, RoundingMode.HALF_UP).toPlainString() + " %";
    }

    /** Minor units as major units, for drawing a chart only. */
    static double major(long minorUnits, String currency) {
        int digits = 2;
        try {
            digits = Math.max(java.util.Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        } catch (IllegalArgumentException | NullPointerException unknown) {
            // Two decimals, as MoneyFormat shows an unknown currency.
        }
        return BigDecimal.valueOf(minorUnits, digits).doubleValue();
    }
}
