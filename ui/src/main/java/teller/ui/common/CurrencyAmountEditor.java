package teller.ui.common;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import teller.ui.api.ApiException;

/**
 * The add / change dialog of a per-currency amount rule (an operator's approval cap, a currency's
 * dual-approval threshold): the currency (fixed when changing) and an amount typed as a decimal in
 * the currency's scale, sent in exact minor units. Input is checked here, each problem under its field
 * and naming it, before anything is sent; the server's refusal is shown in the dialog, which stays
 * open so the administrator can correct it. {@link #savedProperty()} turns true once the server has
 * taken the rule. Subclasses say what is sent and what the texts are.
 *
 * @param <T> what the server answers to a save
 */
public abstract class CurrencyAmountEditor<T> {
    /** Digits before the decimal point: well below what a long of minor units holds at any scale. */
    public static final int AMOUNT_INTEGER_DIGITS_MAX = 15;
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final int UNKNOWN_CURRENCY = Integer.MIN_VALUE;

    /**
     * How the amount field is named in problems and how the server names it.
     *
     * @param label         the field's name starting each problem, e.g. "Maximum amount"
     * @param whenEmpty     what to enter, completed with the currency, e.g. "enter the most one approval may be"
     * @param instead       how to lift the rule instead of entering zero, e.g. "remove the cap instead to lift it"
     * @param serverField   the amount's field in the server's refusals, e.g. {@code amountMax}
     * @param zeroMeans     what zero means when the server takes it, completed with the currency (e.g.
     *                      "may approve nothing in"), or
     *                      null when zero is refused
     */
    public record AmountField(String label, String whenEmpty, String instead, String serverField, String zeroMeans) {
        public AmountField(String label, String whenEmpty, String instead, String serverField) {
            this(label, whenEmpty, instead, serverField, null);
        }
    }

    private final UiExecutors executors;
    private final AmountField field;
    private final boolean adding;
    private final Set<String> takenCurrencies;
    private final StringProperty currency = new SimpleStringProperty("");
    private final StringProperty amount = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper currencyError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper amountError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper saved = new ReadOnlyBooleanWrapper();

    /**
     * @param existingCurrency   the rule's currency when changing one, null when adding
     * @param existingMinorUnits its current amount when changing (ignored when adding)
     * @param takenCurrencies    when adding: currencies that have a rule already (changed, not added)
     */
    protected CurrencyAmountEditor(UiExecutors executors, AmountField field, String existingCurrency,
                                   long existingMinorUnits, Set<String> takenCurrencies) {
        this.executors = Objects.requireNonNull(executors);
        this.field = Objects.requireNonNull(field);
        this.adding = existingCurrency == null;
        this.takenCurrencies = Set.copyOf(takenCurrencies);
        if (existingCurrency != null) {
            currency.set(existingCurrency);
            amount.set(decimal(existingMinorUnits, existingCurrency));
        }
        // A problem goes away as soon as its field changes: the message was about the old text.
        currency.addListener((obs, before, now) -> currencyError.set(""));
        amount.addListener((obs, before, now) -> amountError.set(""));
    }

    /** The dialog's heading. */
    public abstract String title();

    /** Sends the rule (on a background thread) and returns the server's answer. */
    protected abstract T send(String currencyCode, long minorUnits) throws Exception;

    /** The server has taken the rule (on the UI thread): tell whoever opened the dialog. */
    protected abstract void saved(String currencyCode, long minorUnits, T answer);

    /** The problem, starting "Currency: ", of adding a rule for a currency that has one already. */
    protected abstract String alreadyTaken(String currencyCode);

    /** Whether the currency can be typed (a new rule) or is fixed (changing one). */
    public boolean adding() {
        return adding;
    }

    public StringProperty currencyProperty() {
        return currency;
    }

    public StringProperty amountProperty() {
        return amount;
    }

    public ReadOnlyStringProperty currencyErrorProperty() {
        return currencyError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty amountErrorProperty() {
        return amountError.getReadOnlyProperty();
    }

    /** The server's refusal (or an unreachable server), in the dialog. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True once the server has taken the rule: the dialog closes. */
    public ReadOnlyBooleanProperty savedProperty() {
        return saved.getReadOnlyProperty();
    }

    /** What the amount field accepts for the typed currency, for the hint under it (short: one line). */
    public String amountHint() {
        String code = normalized(currency.get());
        int scale = scale(code);
        // Per currency: "0: may approve nothing in EUR."
        String zero = field.zeroMeans() == null ? "" : " 0: " + field.zeroMeans() + " " + (code.isEmpty() ? "it" : code) + ".";
        if (scale < 0) {
            return (field.zeroMeans() == null ? "More than zero, e.g. 500.00." : "E.g. 500.00.") + zero;
        }
        return (scale == 0 ? "Whole " + code + ", e.g. 50000." : "Up to " + scale + " decimals, e.g. " + example(scale)
                + " " + code + ".") + zero;
    }

    /**
     * Checks both fields and, when they are right, sends the rule. Returns false (with the problems
     * under their fields) when nothing was sent.
     */
    public boolean save() {
        if (busy.get() || saved.get()) {
            return false;
        }
        String code = normalized(currency.get());
        String currencyProblem = currencyProblem(code);
        if (currencyProblem == null && adding && takenCurrencies.contains(code)) {
            currencyProblem = alreadyTaken(code);
        }
        String amountProblem = currencyProblem == null ? amountProblem(amount.get(), code) : null;
        currencyError.set(currencyProblem == null ? "" : currencyProblem);
        amountError.set(amountProblem == null ? "" : amountProblem);
        error.set("");
        if (currencyProblem != null || amountProblem != null) {
            return false;
        }
        long minorUnits = minorUnits(amount.get(), code);
        busy.set(true);
        executors.run(() -> send(code, minorUnits), answer -> {
            busy.set(false);
            saved.set(true);
            saved(code, minorUnits, answer);
        }, failure -> {
            busy.set(false);
            refused(failure);
        });
        return true;
    }

    /** A refusal naming a field goes under that field; anything else above the buttons. */
    private void refused(Throwable failure) {
        String text = ErrorText.of(failure);
        String named = failure instanceof ApiException api ? api.field() : null;
        if ("currency".equals(named)) {
            currencyError.set(text);
        } else if (field.serverField().equals(named)) {
            amountError.set(text);
        } else {
            error.set(text);
        }
    }

    /** What is wrong with a currency code (already trimmed and upper-cased), or null. */
    private static String currencyProblem(String code) {
        if (code.isEmpty()) {
            return "Currency: enter an ISO 4217 code such as USD.";
        }
        if (!CURRENCY_CODE.matcher(code).matches()) {
            return "Currency: " + code + " is not an ISO 4217 code (three letters, such as USD).";
        }
        int scale = scale(code);
        if (scale == UNKNOWN_CURRENCY) {
            return "Currency: " + code + " is not a known ISO 4217 currency.";
        }
        if (scale < 0) {
            return "Currency: " + code + " has no minor unit, so orders are never made in it.";
        }
        return null;
    }

    /** What is wrong with an amount typed for {@code code} (a valid currency), or null. */
    private String amountProblem(String text, String code) {
        String typed = text == null ? "" : text.trim();
        int scale = scale(code);
        String label = field.label() + ": ";
        if (typed.isEmpty()) {
            return label + field.whenEmpty() + ", in " + code + ".";
        }
        if (!DECIMAL.matcher(typed).matches()) {
            return label + "use digits and at most one decimal point, e.g. " + example(scale)
                    + " (no signs, spaces or separators).";
        }
        BigDecimal value = new BigDecimal(typed);
        if (value.scale() > scale) {
            return scale == 0 ? label + code + " has no decimals."
                    : label + code + " has " + scale + " decimal" + (scale == 1 ? "" : "s") + "; " + typed + " has more.";
        }
        if (value.signum() == 0 && field.zeroMeans() != null) {
            return null;
        }
        if (value.signum() <= 0) {
            return label + "must be more than zero (" + field.instead() + ").";
        }
        if (value.precision() - value.scale() > AMOUNT_INTEGER_DIGITS_MAX) {
            return label + "at most " + AMOUNT_INTEGER_DIGITS_MAX + " digits before the decimal point.";
        }
        return null;
    }

    /** An amount {@link #amountProblem} accepted, in the currency's minor units (exact, never through a double). */
    private static long minorUnits(String text, String code) {
        return new BigDecimal(text.trim()).movePointRight(scale(code)).longValueExact();
    }

    /** Minor units as the decimal the amount field shows, e.g. 5000 USD as {@code 50.00}. */
    private static String decimal(long minorUnits, String code) {
        return BigDecimal.valueOf(minorUnits, Math.max(scale(code), 0)).toPlainString();
    }

    private static String example(int scale) {
        return scale <= 0 ? "50000" : "500." + "0".repeat(scale);
    }

    /** The currency's minor-unit digits (-1 for codes like XAU without one), or {@link #UNKNOWN_CURRENCY}. */
    private static int scale(String code) {
        try {
            return Currency.getInstance(code).getDefaultFractionDigits();
        } catch (IllegalArgumentException | NullPointerException unknown) {
            return UNKNOWN_CURRENCY;
        }
    }

    private static String normalized(String code) {
        return code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
    }
}
