package teller.ui.policy;

import java.util.Set;
import teller.ui.api.ApprovalPolicyApi;
import teller.ui.api.OperatorInfo;
import teller.ui.console.FxmlScreen;
import teller.ui.console.ScreenContext;

/**
 * The maker-checker settings: dual-approval thresholds per currency; administrators change them,
 * auditors read them (decision 0059).
 */
public final class ApprovalPolicyScreen extends FxmlScreen {
    private final ApprovalPolicyViewModel viewModel;

    public ApprovalPolicyScreen(ScreenContext context) {
        super("approval-policy", "Approval policy", Set.of());
        boolean administrator = context.session().hasAnyRole("ADMIN");
        viewModel = new ApprovalPolicyViewModel(new ApprovalPolicyApi(context.session().client()), context.executors(),
                new FxPolicyPrompts(context.dialogs()::owner), administrator);
        show(new ApprovalPolicyView(viewModel));
    }

    @Override
    public boolean availableTo(OperatorInfo operator) {
        // GET /api/v1/approval-policy is Access.AUDIT on the server: administrators and auditors read it.
        return operator.roles().contains("ADMIN") || operator.roles().contains("AUDITOR");
    }

    public ApprovalPolicyViewModel viewModel() {
        return viewModel;
    }
}
