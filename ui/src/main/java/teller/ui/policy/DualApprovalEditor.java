package teller.ui.policy;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import teller.ui.api.ApprovalPolicyApi;
import teller.ui.api.ApprovalPolicyApi.Threshold;
import teller.ui.common.CurrencyAmountEditor;
import teller.ui.common.MoneyFormat;
import teller.ui.common.UiExecutors;

/**
 * The add / change dialog of one currency's dual-approval threshold: the currency (fixed when
 * changing) and the amount from which an order needs two different approvers. Checking, sending and
 * the server's refusal work as for every per-currency amount ({@link CurrencyAmountEditor}).
 */
public final class DualApprovalEditor extends CurrencyAmountEditor<List<Threshold>> {
    private static final AmountField FROM = new AmountField("Two approvers from",
            "enter the amount from which an order needs two approvers", "remove the threshold instead to lift it",
            "amountMin");

    private final ApprovalPolicyApi api;
    private final Consumer<SavedThreshold> onSaved;

    /** What the server answered to a save: the threshold as set, and every currency's thresholds after it. */
    record SavedThreshold(Threshold threshold, List<Threshold> all) {
    }

    private DualApprovalEditor(ApprovalPolicyApi api, UiExecutors executors, Threshold existing,
                               Set<String> takenCurrencies, Consumer<SavedThreshold> onSaved) {
        super(executors, FROM, existing == null ? null : existing.currency(),
                existing == null ? 0 : existing.amountMin(), takenCurrencies);
        this.api = Objects.requireNonNull(api);
        this.onSaved = Objects.requireNonNull(onSaved);
    }

    /** A threshold for a new currency; {@code takenCurrencies} have one already (changed, not added, from the table). */
    static DualApprovalEditor adding(ApprovalPolicyApi api, UiExecutors executors, Set<String> takenCurrencies,
                                     Consumer<SavedThreshold> onSaved) {
        return new DualApprovalEditor(api, executors, null, takenCurrencies, onSaved);
    }

    /** A new amount for an existing threshold; its currency stays. */
    static DualApprovalEditor changing(ApprovalPolicyApi api, UiExecutors executors, Threshold existing,
                                       Consumer<SavedThreshold> onSaved) {
        return new DualApprovalEditor(api, executors, existing, Set.of(), onSaved);
    }

    @Override
    public String title() {
        return adding() ? "New dual-approval threshold" : "Change the " + currencyProperty().get() + " threshold";
    }

    @Override
    protected List<Threshold> send(String currencyCode, long minorUnits) {
        return api.setThreshold(currencyCode, minorUnits);
    }

    @Override
    protected void saved(String currencyCode, long minorUnits, List<Threshold> all) {
        onSaved.accept(new SavedThreshold(new Threshold(currencyCode, minorUnits), all));
    }

    @Override
    protected String alreadyTaken(String currencyCode) {
        return "Currency: " + currencyCode + " has a threshold already: change that one in the table.";
    }

    /** How a threshold reads in the table and in notices, e.g. {@code $1,000.00}. */
    static String money(Threshold threshold) {
        return MoneyFormat.format(threshold.amountMin(), threshold.currency());
    }
}
