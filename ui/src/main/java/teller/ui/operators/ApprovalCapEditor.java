package teller.ui.operators;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import teller.ui.api.ApprovalPolicyApi;
import teller.ui.api.ApprovalPolicyApi.Cap;
import teller.ui.common.CurrencyAmountEditor;
import teller.ui.common.MoneyFormat;
import teller.ui.common.UiExecutors;

/**
 * The add / change dialog of one operator's approval cap: the currency (fixed when changing) and the
 * most the operator may approve in one order. Checking, sending and the server's refusal work as for
 * every per-currency amount ({@link CurrencyAmountEditor}).
 */
public final class ApprovalCapEditor extends CurrencyAmountEditor<List<Cap>> {
    private static final AmountField MAXIMUM = new AmountField("Maximum amount",
            "enter the most one approval may be", "remove the cap instead to lift it", "amountMax",
            "may approve nothing in");

    private final ApprovalPolicyApi api;
    private final String operatorId;
    private final String operatorName;
    private final Consumer<SavedCap> onSaved;

    /** What the server answered to a save: the cap as set, and every operator's caps after it. */
    record SavedCap(Cap cap, List<Cap> allCaps) {
    }

    private ApprovalCapEditor(ApprovalPolicyApi api, UiExecutors executors, String operatorId, String operatorName,
                              Cap existing, Set<String> takenCurrencies, Consumer<SavedCap> onSaved) {
        super(executors, MAXIMUM, existing == null ? null : existing.currency(),
                existing == null ? 0 : existing.amountMax(), takenCurrencies);
        this.api = Objects.requireNonNull(api);
        this.operatorId = Objects.requireNonNull(operatorId);
        this.operatorName = operatorName;
        this.onSaved = Objects.requireNonNull(onSaved);
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

    @Override
    public String title() {
        return adding() ? "New approval cap for " + operatorName
                : "Change the " + currencyProperty().get() + " cap of " + operatorName;
    }

    @Override
    protected List<Cap> send(String currencyCode, long minorUnits) {
        return api.setCap(operatorId, currencyCode, minorUnits);
    }

    @Override
    protected void saved(String currencyCode, long minorUnits, List<Cap> allCaps) {
        onSaved.accept(new SavedCap(new Cap(operatorId, currencyCode, minorUnits), allCaps));
    }

    @Override
    protected String alreadyTaken(String currencyCode) {
        return "Currency: " + operatorName + " already has a " + currencyCode + " cap: change that one in the table.";
    }

    /** How a cap reads in the table and in notices, e.g. {@code $50.00}; a zero cap: "may approve nothing in EUR". */
    static String money(Cap cap) {
        if (cap.amountMax() == 0) {
            return "may approve nothing in " + cap.currency();
        }
        return MoneyFormat.format(cap.amountMax(), cap.currency());
    }
}
