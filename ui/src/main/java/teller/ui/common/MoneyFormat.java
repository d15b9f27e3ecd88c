package teller.ui.common;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Currency;
import java.util.Locale;

/**
 * Shows integer minor units as money: {@code 12345 USD} is {@code $123.45}, {@code 500 JPY} is
 * {@code ¥500}, {@code 150 CAD} is {@code CAD 1.50}. Exact (BigDecimal over the long), never through a double.
 */
public final class MoneyFormat {
    private MoneyFormat() {
    }

    public static String format(long minorUnits, String currencyCode) {
        int digits = 2;
        String prefix = currencyCode == null ? "" : currencyCode + " ";
        if (currencyCode != null) {
            try {
                Currency currency = Currency.getInstance(currencyCode);
                digits = Math.max(currency.getDefaultFractionDigits(), 0);
                String symbol = currency.getSymbol(Locale.US);
                prefix = symbol.length() == 1 ? symbol : currencyCode + " ";
            } catch (IllegalArgumentException unknownCode) {
                // An unknown code is shown as given, with two decimals.
            }
        }
        DecimalFormat format = new DecimalFormat(digits == 0 ? "#,##0" : "#,##0." + "0".repeat(digits),
                DecimalFormatSymbols.getInstance(Locale.US));
        BigDecimal value = BigDecimal.valueOf(minorUnits, digits);
        String sign = value.signum() < 0 ? "-" : "";
        return sign + prefix + format.format(value.abs());
    }
}
