package teller.ui.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import teller.ui.api.ApprovalPolicyApi;
import teller.ui.api.ApprovalPolicyApi.Threshold;
import teller.ui.common.ErrorText;
import teller.ui.common.UiExecutors;

/**
 * The Approval policy screen (ADMIN changes, AUDITOR reads; decision 0059): each currency's dual-approval threshold,
 * the amount from which an order needs two different approvers (maker-checker, decision 0012), with
 * commands to add, change and remove one. After every change the table is the server's answer.
 */
public final class ApprovalPolicyViewModel {
    /** What a threshold does, for the line above the table. */
    public static final String EXPLANATION = "An order at or above its currency's amount needs two different"
            + " approvers: the first approval leaves it pending at \"1 of 2\", the second executes it."
            + " Orders below it, and in currencies without a threshold, need one approver.";

    private final ApprovalPolicyApi api;
    private final UiExecutors executors;
    private final PolicyPrompts prompts;
    private final boolean canEdit;
    private final ObservableList<Threshold> thresholds = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper confirmAbove = new ReadOnlyStringWrapper("");

    /**
     * @param canEdit whether the operator may change the thresholds (ADMIN); an AUDITOR reads them and
     *                every command does nothing (the server refuses anyone else either way)
     */
    public ApprovalPolicyViewModel(ApprovalPolicyApi api, UiExecutors executors, PolicyPrompts prompts,
                                   boolean canEdit) {
        this.api = Objects.requireNonNull(api);
        this.executors = Objects.requireNonNull(executors);
        this.prompts = Objects.requireNonNull(prompts);
        this.canEdit = canEdit;
    }

    /** Whether the signed-in operator may add, change and remove thresholds. */
    public boolean canEdit() {
        return canEdit;
    }

    /** Every currency's threshold, by currency. */
    public ObservableList<Threshold> thresholds() {
        return thresholds;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** The server's CONFIRM_ABOVE_AMOUNT in words (decision 0145), or "" before the first load. */
    public ReadOnlyStringProperty confirmAboveProperty() {
        return confirmAbove.getReadOnlyProperty();
    }

    /** CONFIRM_ABOVE_AMOUNT as the screen says it. */
    static String confirmAboveText(List<ApprovalPolicyApi.ConfirmAbove> amounts) {
        String common = " Approving a player SUSPICIOUS or worse, or an order with an open fraud flag, asks too."
                + " Set on the server (CONFIRM_ABOVE_AMOUNT).";
        if (amounts.isEmpty()) {
            return "No amount asks for a confirmation before approving." + common;
        }
        return "Approving asks for one confirmation above " + amounts.stream()
                .sorted(Comparator.comparing(ApprovalPolicyApi.ConfirmAbove::currency))
                .map(a -> teller.ui.common.MoneyFormat.format(a.amount(), a.currency()))
                .collect(Collectors.joining(", ")) + "." + common;
    }

    /** How a threshold's amount reads in the table, e.g. {@code $1,000.00}. */
    public static String amountOf(Threshold threshold) {
        return DualApprovalEditor.money(threshold);
    }

    /** Loads the thresholds from the server. */
    public void refresh() {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        error.set("");
        executors.run(api::thresholdsAndConfirm, loaded -> {
            busy.set(false);
            show(loaded.dualApproval());
            confirmAbove.set(confirmAboveText(loaded.confirmAbove()));
        }, failure -> {
            busy.set(false);
            error.set("Dual approval: " + ErrorText.of(failure));
        });
    }

    /** Opens the dialog for a new currency's threshold. */
    public void add() {
        if (!canEdit || busy.get()) {
            return;
        }
        Set<String> taken = thresholds.stream().map(Threshold::currency).collect(Collectors.toSet());
        prompts.editThreshold(DualApprovalEditor.adding(api, executors, taken, this::saved));
    }

    /** Opens the dialog to change {@code threshold}'s amount. */
    public void edit(Threshold threshold) {
        if (!canEdit || threshold == null || busy.get()) {
            return;
        }
        prompts.editThreshold(DualApprovalEditor.changing(api, executors, threshold, this::saved));
    }

    /** Removes {@code threshold} after confirmation: one approver is then enough for any order in its currency. */
    public void remove(Threshold threshold) {
        if (!canEdit || threshold == null || busy.get()) {
            return;
        }
        String code = threshold.currency();
        if (!prompts.confirm("Remove the " + code + " dual-approval threshold?",
                "One approver will then be enough for " + code + " orders of any amount (from "
                        + amountOf(threshold) + " two are needed now).")) {
            return;
        }
        busy.set(true);
        error.set("");
        notice.set("Removing the " + code + " threshold...");
        executors.run(() -> api.setThreshold(code, null), after -> {
            busy.set(false);
            show(after);
            notice.set(code + " orders need one approver at any amount now.");
        }, failure -> {
            busy.set(false);
            notice.set("");
            error.set(ErrorText.of(failure));
        });
    }

    private void saved(DualApprovalEditor.SavedThreshold saved) {
        show(saved.all());
        notice.set(saved.threshold().currency() + " orders from " + amountOf(saved.threshold())
                + " need two approvers.");
    }

    private void show(List<Threshold> loaded) {
        List<Threshold> sorted = new ArrayList<>(loaded);
        sorted.sort(Comparator.comparing(Threshold::currency));
        thresholds.setAll(sorted);
    }
}
