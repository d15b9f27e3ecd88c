package teller.ui.policy;

import javafx.scene.Parent;
import teller.ui.api.ApprovalPolicyApi;
import teller.ui.api.OperatorInfo;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;

/** The maker-checker settings: dual-approval thresholds per currency, for administrators only (decision 0059). */
public final class ApprovalPolicyScreen implements ConsoleScreen {
    private final ApprovalPolicyViewModel viewModel;
    private final ApprovalPolicyView view;

    public ApprovalPolicyScreen(ScreenContext context) {
        viewModel = new ApprovalPolicyViewModel(new ApprovalPolicyApi(context.session().client()), context.executors(),
                new FxPolicyPrompts(context.dialogs()::owner));
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
        return operator.roles().contains("ADMIN");
    }

    public ApprovalPolicyViewModel viewModel() {
        return viewModel;
    }
}
