package teller.ui.policy;

import java.util.function.Supplier;
import javafx.stage.Window;
import teller.ui.common.CurrencyAmountDialog;
import teller.ui.common.FxConfirm;

/** The real dialogs of the Approval policy screen: modal, owned by the console window, styled like it. */
public final class FxPolicyPrompts implements PolicyPrompts {
    private final Supplier<Window> owner;

    public FxPolicyPrompts(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public boolean confirm(String title, String message) {
        return FxConfirm.ask(owner.get(), title, message);
    }

    @Override
    public void editThreshold(DualApprovalEditor editor) {
        CurrencyAmountDialog.show(owner.get(), editor,
                new CurrencyAmountDialog.Texts("threshold", "Dual approval", "Two approvers from (amount)"));
    }
}
