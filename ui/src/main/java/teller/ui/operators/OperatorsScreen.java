package teller.ui.operators;

import java.util.Set;
import teller.ui.api.ApprovalPolicyApi;
import teller.ui.api.OperatorInfo;
import teller.ui.api.OperatorsApi;
import teller.ui.console.FxmlScreen;
import teller.ui.console.ScreenContext;

/** Operators, their approval caps and API tokens, for administrators only (the server refuses everyone else's changes). */
public final class OperatorsScreen extends FxmlScreen {
    private final OperatorsViewModel viewModel;

    public OperatorsScreen(ScreenContext context) {
        super("operators", "Operators", Set.of());
        OperatorPrompts prompts = new FxOperatorPrompts(context.dialogs()::owner);
        viewModel = new OperatorsViewModel(new OperatorsApi(context.session().client()), context.executors(),
                prompts, context.session().operator().username());
        ApprovalCapsViewModel caps = new ApprovalCapsViewModel(new ApprovalPolicyApi(context.session().client()),
                context.executors(), prompts, context.session().operator().roles());
        show(new OperatorsView(viewModel, caps));
    }

    @Override
    public boolean availableTo(OperatorInfo operator) {
        return operator.roles().contains("ADMIN");
    }

    public OperatorsViewModel viewModel() {
        return viewModel;
    }
}
