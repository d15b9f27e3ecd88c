package teller.ui.reports;

import java.time.Clock;
import java.util.Set;
import teller.ui.api.OperatorInfo;
import teller.ui.api.ReportsApi;
import teller.ui.console.FxmlScreen;
import teller.ui.console.ScreenContext;

/** Reports and their export as a console screen. */
public final class ReportsScreen extends FxmlScreen {
    /** The roles the server lets read reports (an APPROVER gets 403, so the screen is not offered). */
    static final Set<String> READER_ROLES = Set.of("VIEWER", "SUPERVISOR", "ADMIN", "AUDITOR");

    private final ReportsViewModel viewModel;
    private final ReportsView view;

    public ReportsScreen(ScreenContext context) {
        this(context, null);
    }

    /** @param picker where exports go; null for the console's save dialog */
    public ReportsScreen(ScreenContext context, ExportFilePicker picker) {
        super("reports", "Reports", Set.of());
        ExportFilePicker chosen = picker != null ? picker : new FxExportFilePicker(this::window);
        viewModel = new ReportsViewModel(new ReportsApi(context.session().client()), context.executors(), chosen,
                Clock.systemUTC());
        view = show(new ReportsView(viewModel));
    }

    @Override
    public boolean availableTo(OperatorInfo operator) {
        return operator.roles().stream().anyMatch(READER_ROLES::contains);
    }

    public ReportsViewModel viewModel() {
        return viewModel;
    }

    public ReportsView reportsView() {
        return view;
    }
}
