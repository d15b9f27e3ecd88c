package teller.ui.operators;

import javafx.scene.Parent;
import teller.ui.api.ApprovalPolicyApi;
import teller.ui.api.OperatorInfo;
import teller.ui.api.OperatorsApi;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;

/** Operators, their approval caps and API tokens, for administrators only (the server refuses everyone else's changes). */
public final class OperatorsScreen implements ConsoleScreen {
    private final OperatorsViewModel viewModel;
    private final ApprovalCapsViewModel caps;
    private final OperatorsView view;

    public OperatorsScreen(ScreenContext context) {
        OperatorPrompts prompts = new FxOperatorPrompts(context.dialogs()::owner);
        viewModel = new OperatorsViewModel(new OperatorsApi(context.session().client()), context.executors(),
                prompts, context.session().operator().username());
        caps = new ApprovalCapsViewModel(new ApprovalPolicyApi(context.session().client()), context.executors(),
                prompts, context.session().operator().roles());
        view = new OperatorsView(viewModel, caps);
    }

    @Override
    public String id() {
        return "operators";
    }

    @Override
    public String title() {
        return "Operators";
    }

    @Override
    public Parent view() {
        return view.build();
    }

    @Override
    public void activate() {
        viewModel.refresh();
        caps.refresh();
    }

    @Override
    public boolean availableTo(OperatorInfo operator) {
        return operator.roles().contains("ADMIN");
    }

    public OperatorsViewModel viewModel() {
        return viewModel;
    }
}
