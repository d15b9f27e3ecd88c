package teller.ui.policy;

import javafx.scene.Parent;
import teller.ui.api.ApprovalPolicyApi;
import teller.ui.api.OperatorInfo;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;

/**
 * The maker-checker settings: dual-approval thresholds per currency; administrators change them,
 * auditors read them (decision 0059).
 */
public final class ApprovalPolicyScreen implements ConsoleScreen {
    private final ApprovalPolicyViewModel viewModel;
    private final ApprovalPolicyView view;

    public ApprovalPolicyScreen(ScreenContext context) {
        boolean administrator = context.session().hasAnyRole("ADMIN");
        viewModel = new ApprovalPolicyViewModel(new ApprovalPolicyApi(context.session().client()), context.executors(),
                new FxPolicyPrompts(context.dialogs()::owner), administrator);
        view = new ApprovalPolicyView(viewModel);
    }

    @Override
    public String id() {
        return "approval-policy";
    }

    @Override
    public String title() {
        return "Approval policy";
    }

    @Override
    public Parent view() {
        return view.build();
    }

    @Override
    public void activate() {
        viewModel.refresh();
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
