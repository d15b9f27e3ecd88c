package teller.server.export;

import java.util.Currency;

/**
 * Minor units as the text an operator reads ("-1,234.56"), in integer arithmetic: the amount is
 * split into whole and fractional units by the currency's minor-unit exponent, never through a
 * double, so a total of billions of cents prints to the cent.
 */
public final class MoneyText {
    private static final int DEFAULT_FRACTION_DIGITS = 2;

    private MoneyText() {
    }

    /** Digits after the decimal point for {@code currency}: 2 for USD, 0 for JPY, 2 when unknown. */
    public static int fractionDigits(String currency) {
        if (currency == null) {
            return DEFAULT_FRACTION_DIGITS;
        }
        try {
            int digits = Currency.getInstance(currency.trim()).getDefaultFractionDigits();
            return digits < 0 ? DEFAULT_FRACTION_DIGITS : digits;
        } catch (IllegalArgumentException unknown) {
            return DEFAULT_FRACTION_DIGITS;
        }
    }

    public static String format(long minorUnits, String currency) {
        int digits = fractionDigits(currency);
        long scale = 1;
        for (int i = 0; i < digits; i++) {
            scale *= 10;
        }
        // Long.MIN_VALUE has no positive counterpart: work on the quotient and remainder instead of abs().
        long whole = minorUnits / scale;
        long fraction = Math.abs(minorUnits % scale);
        boolean negative = minorUnits < 0;
        StringBuilder text = new StringBuilder(grouped(Long.toString(whole).replace("-", "")));
        if (digits > 0) {
            String f = Long.toString(fraction);
            text.append('.').append("0".repeat(digits - f.length())).append(f);
        }
        return negative ? "-" + text : text.toString();
    }

    private static String grouped(String digits) {
        StringBuilder out = new StringBuilder();
        int lead = digits.length() % 3;
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (i - lead) % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }
}
