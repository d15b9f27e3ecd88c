package teller.server.approval;

import static teller.server.common.EnvironmentValues.longOr;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Above which amount, per currency, the desktop asks the operator to confirm an approval that names
 * the amount as its risk ({@code CONFIRM_ABOVE_AMOUNT}, decision 0145). It changes nothing the server
 * accepts: approving stays one request; the setting is served with the approval policy and the preview.
 *
 * @param aboveAmount currency to amount in minor units; an order of that currency above it asks
 */
public record ConfirmSettings(Map<String, Long> aboveAmount) {
    public static final String VARIABLE = "CONFIRM_ABOVE_AMOUNT";

    public ConfirmSettings {
        aboveAmount = Collections.unmodifiableMap(new TreeMap<>(aboveAmount));
    }

    /** No amount asks for a confirmation (the default). */
    public static ConfirmSettings none() {
        return new ConfirmSettings(Map.of());
    }

    /** {@code CONFIRM_ABOVE_AMOUNT}: comma-separated {@code CURRENCY=minorUnits}, e.g. {@code USD=100000,EUR=80000}. */
    public static ConfirmSettings fromEnvironment(Function<String, String> get) {
        return parse(get.apply(VARIABLE));
    }

    static ConfirmSettings parse(String text) {
        if (text == null || text.isBlank()) {
            return none();
        }
        Map<String, Long> amounts = new TreeMap<>();
        for (String part : text.split(",")) {
            String entry = part.trim();
            int eq = entry.indexOf('=');
            String currency = eq < 0 ? "" : entry.substring(0, eq).trim().toUpperCase(Locale.ROOT);
            if (!currency.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException(VARIABLE + " entries look like USD=100000 (minor units), got '" + entry + "'");
            }
            long amount = longOr(entry.substring(eq + 1).trim(), 0);
            if (amount <= 0) {
                throw new IllegalArgumentException(VARIABLE + ": the amount of " + currency + " must be positive minor units");
            }
            if (amounts.put(currency, amount) != null) {
                throw new IllegalArgumentException(VARIABLE + " names " + currency + " twice");
            }
        }
        return new ConfirmSettings(amounts);
    }

    /** The amount of {@code currency} above which approving asks for a confirmation, or null when none. */
    public Long aboveAmount(String currency) {
        return currency == null ? null : aboveAmount.get(currency.toUpperCase(Locale.ROOT));
    }
}
