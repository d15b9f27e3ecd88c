package teller.ui.audit;

import javafx.scene.Parent;
import teller.ui.api.AuditApi;
import teller.ui.api.OperatorInfo;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;

/** The audit trail, for the roles the server lets read it (ADMIN, AUDITOR). */
public final class AuditScreen implements ConsoleScreen {
    private final AuditViewModel viewModel;
    private final AuditView view;
    private boolean loaded;

    public AuditScreen(ScreenContext context) {
        var operators = new teller.ui.api.OperatorsApi(context.session().client());
        viewModel = new AuditViewModel(new AuditApi(context.session().client()), context.executors(),
                java.time.ZoneId.systemDefault(), AuditViewModel.PAGE_SIZE_DEFAULT,
                () -> operators.operators().stream().map(teller.ui.api.OperatorsApi.Operator::username).toList());
        view = new AuditView(viewModel);
    }

    @Override
    public String id() {
        return "audit";
    }

    @Override
    public String title() {
        return "Audit log";
    }

    @Override
    public Parent view() {
        return view.build();
    }

    @Override
    public void activate() {
        // The first visit loads the newest entries; later visits keep the operator's filter and rows.
        if (!loaded) {
            loaded = true;
            viewModel.search();
        }
    }

    @Override
    public boolean availableTo(OperatorInfo operator) {
        // GET /api/v1/audit is Access.AUDIT on the server.
        return operator.roles().contains("ADMIN") || operator.roles().contains("AUDITOR");
    }

    public AuditViewModel viewModel() {
        return viewModel;
    }
}
