package teller.ui.operators;

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
import teller.ui.api.ApprovalPolicyApi.Cap;
import teller.ui.api.OperatorsApi.Operator;
import teller.ui.common.ErrorText;
import teller.ui.common.UiExecutors;

/**
 * The selected operator's approval caps on the Operators screen (decision 0012): the most they may
 * approve in one order, per currency. Everyone who may open the screen sees them; only an
 * administrator gets the commands to add, change and remove one ({@link #canEdit()}), and the
 * server refuses anyone else anyway. After every change the caps are the server's answer.
 */
public final class ApprovalCapsViewModel {
    private final ApprovalPolicyApi api;
    private final UiExecutors executors;
    private final OperatorPrompts prompts;
    private final boolean canEdit;
    private final ObservableList<Cap> caps = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper heading = new ReadOnlyStringWrapper("Approval caps");
    private List<Cap> allCaps = List.of();
    private Operator selected;

    /** @param signedInRoles the roles of the operator signed in here: ADMIN may change caps */
    public ApprovalCapsViewModel(ApprovalPolicyApi api, UiExecutors executors, OperatorPrompts prompts,
                                 List<String> signedInRoles) {
        this.api = Objects.requireNonNull(api);
        this.executors = Objects.requireNonNull(executors);
        this.prompts = Objects.requireNonNull(prompts);
        this.canEdit = signedInRoles.contains("ADMIN");
    }

    /** The selected operator's caps, by currency. */
    public ObservableList<Cap> caps() {
        return caps;
    }

    /** Whether the signed-in operator may add, change and remove caps (ADMIN). */
    public boolean canEdit() {
        return canEdit;
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

    /** "Approval caps of maria.santos", or "Approval caps" while nobody is selected. */
    public ReadOnlyStringProperty headingProperty() {
        return heading.getReadOnlyProperty();
    }

    /** How a cap's amount reads in the table, e.g. {@code $50.00}. */
    public static String amountOf(Cap cap) {
        return ApprovalCapEditor.money(cap);
    }

    /** Loads every operator's caps from the server. */
    public void refresh() {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        error.set("");
        executors.run(api::caps, loaded -> {
            busy.set(false);
            show(loaded);
        }, failure -> {
            busy.set(false);
            error.set("Approval caps: " + ErrorText.of(failure));
        });
    }

    /** Shows {@code operator}'s caps (none selected: none shown). */
    public void select(Operator operator) {
        if (!sameOperator(selected, operator)) {
            notice.set("");
        }
        selected = operator;
        heading.set(operator == null ? "Approval caps" : "Approval caps of " + operator.username());
        show(allCaps);
    }

    /** Opens the dialog for a new cap of the selected operator. */
    public void add() {
        if (!canEdit || selected == null || busy.get()) {
            return;
        }
        Set<String> taken = caps.stream().map(Cap::currency).collect(Collectors.toSet());
        prompts.editCap(ApprovalCapEditor.adding(api, executors, selected.id(), selected.username(), taken,
                this::saved));
    }

    /** Opens the dialog to change {@code cap}'s amount. */
    public void edit(Cap cap) {
        if (!canEdit || selected == null || cap == null || busy.get()) {
            return;
        }
        prompts.editCap(ApprovalCapEditor.changing(api, executors, selected.username(), cap, this::saved));
    }

    /** Removes {@code cap} after confirmation: the operator may then approve any amount in its currency. */
    public void remove(Cap cap) {
        if (!canEdit || selected == null || cap == null || busy.get()) {
            return;
        }
        String name = selected.username();
        if (!prompts.confirm("Remove the " + cap.currency() + " cap of " + name + "?",
                name + " may then approve " + cap.currency() + " orders of any amount (" + amountOf(cap)
                        + " is the most now).")) {
            return;
        }
        busy.set(true);
        error.set("");
        notice.set("Removing the " + cap.currency() + " cap of " + name + "...");
        executors.run(() -> api.setCap(cap.operatorId(), cap.currency(), null), after -> {
            busy.set(false);
            show(after);
            notice.set(name + " has no " + cap.currency() + " cap any more.");
        }, failure -> {
            busy.set(false);
            notice.set("");
            error.set(ErrorText.of(failure));
        });
    }

    private void saved(ApprovalCapEditor.SavedCap saved) {
        show(saved.allCaps());
        String name = selected != null && selected.id().equals(saved.cap().operatorId()) ? selected.username()
                : "The operator";
        notice.set(saved.cap().amountMax() == 0 ? name + " " + amountOf(saved.cap()) + "."
                : name + " may approve up to " + amountOf(saved.cap()) + " per order.");
    }

    private void show(List<Cap> loaded) {
        allCaps = List.copyOf(loaded);
        List<Cap> mine = new ArrayList<>();
        if (selected != null) {
            allCaps.stream().filter(c -> c.operatorId().equals(selected.id())).forEach(mine::add);
        }
        mine.sort(Comparator.comparing(Cap::currency));
        caps.setAll(mine);
    }

    private static boolean sameOperator(Operator a, Operator b) {
        return a == null ? b == null : b != null && a.id().equals(b.id());
    }
}
