package teller.ui.audit;

import java.util.Set;
import teller.ui.api.AuditApi;
import teller.ui.api.OperatorInfo;
import teller.ui.console.FxmlScreen;
import teller.ui.console.ScreenContext;

/** The audit trail, for the roles the server lets read it (ADMIN, AUDITOR). */
public final class AuditScreen extends FxmlScreen {
    private final AuditViewModel viewModel;

    public AuditScreen(ScreenContext context) {
        super("audit", "Audit log", Set.of());
        var operators = new teller.ui.api.OperatorsApi(context.session().client());
        // The actor filter completes usernames from GET /api/v1/operators, which auditors may read.
        viewModel = new AuditViewModel(new AuditApi(context.session().client()), context.executors(),
                java.time.ZoneId.systemDefault(), AuditViewModel.PAGE_SIZE_DEFAULT,
                () -> operators.operators().stream().map(teller.ui.api.OperatorsApi.Operator::username).toList());
        show(new AuditView(viewModel));
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
