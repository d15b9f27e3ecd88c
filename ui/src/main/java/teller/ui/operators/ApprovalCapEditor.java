package teller.ui.operators;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import teller.ui.api.ApiException;
import teller.ui.api.ApprovalPolicyApi;
import teller.ui.api.ApprovalPolicyApi.Cap;
import teller.ui.common.ErrorText;
import teller.ui.common.MoneyFormat;
import teller.ui.common.UiExecutors;

/**
 * The add / change dialog of one operator's approval cap: the currency (fixed when changing) and the
 * most the operator may approve in one order, typed as a decimal in the currency's scale. Input is
 * checked here, each problem under its field, before anything is sent; the server's refusal is shown
 * in the dialog, which stays open so the administrator can correct it. {@link #savedProperty()} turns
 * true once the server has taken the cap.
 */
public final class ApprovalCapEditor {
    /** Digits before the decimal point: well below what a long of minor units holds at any scale. */
    public static final int AMOUNT_INTEGER_DIGITS_MAX = 15;
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final int UNKNOWN_CURRENCY = Integer.MIN_VALUE;

    private final ApprovalPolicyApi api;
    private final UiExecutors executors;
    private final String operatorId;
    private final String operatorName;
    private final boolean adding;
    private final Set<String> takenCurrencies;
    private final Consumer<SavedCap> onSaved;
    private final StringProperty currency = new SimpleStringProperty("");
    private final StringProperty amount = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper currencyError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper amountError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper saved = new ReadOnlyBooleanWrapper();

    /** What the server answered to a save: the cap as set, and every operator's caps after it. */
    record SavedCap(Cap cap, List<Cap> allCaps) {
    }

    private ApprovalCapEditor(ApprovalPolicyApi api, UiExecutors executors, String operatorId, String operatorName,
                              Cap existing, Set<String> takenCurrencies, Consumer<SavedCap> onSaved) {
        this.api = Objects.requireNonNull(api);
        this.executors = Objects.requireNonNull(executors);
        this.operatorId = Objects.requireNonNull(operatorId);
        this.operatorName = operatorName;
        this.adding = existing == null;
        this.takenCurrencies = Set.copyOf(takenCurrencies);
        this.onSaved = Objects.requireNonNull(onSaved);
        if (existing != null) {
            currency.set(existing.currency());
            amount.set(decimal(existing.amountMax(), existing.currency()));
        }
        // A problem goes away as soon as its field changes: the message was about the old text.
        currency.addListener((obs, before, now) -> currencyError.set(""));
        amount.addListener((obs, before, now) -> amountError.set(""));
    }

    /** A new cap for the operator; {@code takenCurrencies} already have one (changed, not added, from the table). */
    static ApprovalCapEditor adding(ApprovalPolicyApi api, UiExecutors executors, String operatorId,
                                    String operatorName, Set<String> takenCurrencies, Consumer<SavedCap> onSaved) {
        return new ApprovalCapEditor(api, executors, operatorId, operatorName, null, takenCurrencies, onSaved);
    }

    /** A new amount for an existing cap; its currency stays. */
    static ApprovalCapEditor changing(ApprovalPolicyApi api, UiExecutors executors, String operatorName, Cap existing,
                                      Consumer<SavedCap> onSaved) {
        return new ApprovalCapEditor(api, executors, existing.operatorId(), operatorName, existing, Set.of(), onSaved);
    }

    /** Whether the currency can be typed (a new cap) or is fixed (changing one). */
    public boolean adding() {
        return adding;
    }

    public String title() {
        return adding ? "New approval cap for " + operatorName : "Change the " + currency.get() + " cap of " + operatorName;
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

    /** True once the server has taken the cap: the dialog closes. */
    public ReadOnlyBooleanProperty savedProperty() {
        return saved.getReadOnlyProperty();
    }

    /** What the amount field accepts for the typed currency, for the hint under it (short: one line). */
    public String amountHint() {
        String code = normalized(currency.get());
        int scale = scale(code);
        if (scale < 0) {
            return "More than zero, e.g. 500.00.";
        }
        return scale == 0 ? "Whole " + code + ", e.g. 50000." : "Up to " + scale + " decimals, e.g. " + example(scale)
                + " " + code + ".";
    }

    private static String example(int scale) {
        return scale == 0 ? "50000" : "500." + "0".repeat(scale);
    }

    /**
     * Checks both fields and, when they are right, sends the cap. Returns false (with the problems
     * under their fields) when nothing was sent.
     */
    public boolean save() {
        if (busy.get() || saved.get()) {
            return false;
        }
        String code = normalized(currency.get());
        String currencyProblem = currencyProblem(code);
        if (currencyProblem == null && adding && takenCurrencies.contains(code)) {
            currencyProblem = "Currency: " + operatorName + " already has a " + code
                    + " cap: change that one in the table.";
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
        executors.run(() -> api.setCap(operatorId, code, minorUnits), allCaps -> {
            busy.set(false);
            saved.set(true);
            onSaved.accept(new SavedCap(new Cap(operatorId, code, minorUnits), allCaps));
        }, failure -> {
            busy.set(false);
            refused(failure);
        });
        return true;
    }

    /** A refusal naming a field goes under that field; anything else above the buttons. */
    private void refused(Throwable failure) {
        String text = ErrorText.of(failure);
        String field = failure instanceof ApiException api ? api.field() : null;
        if ("currency".equals(field)) {
            currencyError.set(text);
        } else if ("amountMax".equals(field)) {
            amountError.set(text);
        } else {
            error.set(text);
        }
    }

    /** What is wrong with a currency code (already trimmed and upper-cased), or null. */
    static String currencyProblem(String code) {
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
    static String amountProblem(String text, String code) {
        String typed = text == null ? "" : text.trim();
        int scale = scale(code);
        if (typed.isEmpty()) {
            return "Maximum amount: enter the most one approval may be, in " + code + ".";
        }
        if (!DECIMAL.matcher(typed).matches()) {
            return "Maximum amount: use digits and at most one decimal point, e.g. " + example(scale)
                    + " (no signs, spaces or separators).";
        }
        BigDecimal value = new BigDecimal(typed);
        if (value.scale() > scale) {
            return scale == 0 ? "Maximum amount: " + code + " has no decimals."
                    : "Maximum amount: " + code + " has " + scale + " decimal" + (scale == 1 ? "" : "s")
                    + "; " + typed + " has more.";
        }
        if (value.signum() <= 0) {
            return "Maximum amount: must be more than zero (remove the cap instead to lift it).";
        }
        if (value.precision() - value.scale() > AMOUNT_INTEGER_DIGITS_MAX) {
            return "Maximum amount: at most " + AMOUNT_INTEGER_DIGITS_MAX + " digits before the decimal point.";
        }
        return null;
    }

    /** An amount {@link #amountProblem} accepted, in the currency's minor units. */
    static long minorUnits(String text, String code) {
        return new BigDecimal(text.trim()).movePointRight(scale(code)).longValueExact();
    }

    /** Minor units as the decimal the amount field shows, e.g. 5000 USD as {@code 50.00}. */
    static String decimal(long minorUnits, String code) {
        return BigDecimal.valueOf(minorUnits, Math.max(scale(code), 0)).toPlainString();
    }

    /** How a cap reads in the table and in notices, e.g. {@code $50.00}. */
    static String money(Cap cap) {
        return MoneyFormat.format(cap.amountMax(), cap.currency());
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
