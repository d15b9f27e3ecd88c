package teller.server.ledger;

import java.util.Objects;
import java.util.regex.Pattern;

/** An amount of money: integer minor units and an ISO 4217 currency code. Never floating point. */
public record Money(long minor, String currency) {
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be three upper-case letters: " + currency);
        }
    }

    public static boolean isCurrency(String code) {
        return code != null && CURRENCY.matcher(code).matches();
    }

    public Money negate() {
        return new Money(Math.negateExact(minor), currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minor, other.minor), currency);
    }

    public void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
        }
    }

    @Override
    public String toString() {
        return minor + " " + currency;
    }
}
