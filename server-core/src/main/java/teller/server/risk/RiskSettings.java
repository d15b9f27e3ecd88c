package teller.server.risk;

import java.util.EnumMap;
import java.util.Map;

/**
 * Limit defaults from the environment (a rule without a value has no default limit; a supervisor
 * may still set one per player) and whether a withdrawal needs a VERIFIED KYC status.
 */
public record RiskSettings(Map<LimitRule, Long> defaults, boolean kycRequiredForWithdrawal) {
    public RiskSettings {
        EnumMap<LimitRule, Long> copy = new EnumMap<>(LimitRule.class);
        defaults.forEach((rule, value) -> {
            if (value != null) {
                if (value < 0) {
                    throw new IllegalArgumentException(rule + " must not be negative");
                }
                copy.put(rule, value);
            }
        });
        defaults = java.util.Collections.unmodifiableMap(copy);
    }

    /** Reads each rule from the variable of the same name; blank or absent means no default. */
    public static RiskSettings fromEnvironment(java.util.function.Function<String, String> get, boolean kycRequired) {
        EnumMap<LimitRule, Long> defaults = new EnumMap<>(LimitRule.class);
        for (LimitRule rule : LimitRule.values()) {
            String text = get.apply(rule.name());
            if (text != null && !text.isBlank()) {
                try {
                    defaults.put(rule, Long.parseLong(text.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(rule + " must be a whole number, got '" + text + "'", e);
                }
            }
        }
        return new RiskSettings(defaults, kycRequired);
    }

    public static RiskSettings none() {
        return new RiskSettings(Map.of(), false);
    }

    public RiskSettings withDefault(LimitRule rule, long value) {
        EnumMap<LimitRule, Long> copy = new EnumMap<>(LimitRule.class);
        copy.putAll(defaults);
        copy.put(rule, value);
        return new RiskSettings(copy, kycRequiredForWithdrawal);
    }

    public RiskSettings withKycRequiredForWithdrawal(boolean required) {
        return new RiskSettings(defaults, required);
    }
}
