package teller.ui.ledger;

import java.util.Set;
import javafx.scene.Parent;
import teller.ui.api.EventStream;
import teller.ui.api.LedgerApi;
import teller.ui.api.OperatorInfo;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;

/**
 * The ledger as a console screen, for ADMIN and AUDITOR. While shown, postings (orders approved,
 * executed, voided) reload the balances and the open statement.
 */
public final class LedgerScreen implements ConsoleScreen {
    static final Set<String> LIVE_EVENTS = Set.of("ORDER_APPROVED", "ORDER_VOIDED", "ORDER_UPDATED", "ORDER_EXECUTING");

    private final LedgerViewModel viewModel;
    private final LedgerView view;

    public LedgerScreen(ScreenContext context) {
        viewModel = new LedgerViewModel(new LedgerApi(context.session().client()), context.executors(),
                context.session().operator());
        view = new LedgerView(viewModel);
    }

    @Override
    public String id() {
        return "ledger";
    }

    @Override
    public String title() {
        return "Ledger";
    }

    @Override
    public Parent view() {
        return view.load();
    }

    @Override
    public void activate() {
        view.activate();
    }

    @Override
    public void deactivate() {
        view.deactivate();
    }

    @Override
    public Set<String> liveEventTypes() {
        return LIVE_EVENTS;
    }

    @Override
    public void liveEvent(EventStream.ServerEvent event) {
        viewModel.serverChanged();
    }

    /** Another screen names a transaction id: its legs open. */
    @Override
    public void open(String argument) {
        if (argument != null && !argument.isBlank()) {
            viewModel.openTransaction(argument);
        }
    }

    @Override
    public boolean availableTo(OperatorInfo operator) {
        return LedgerViewModel.availableTo(operator);
    }

    public LedgerViewModel viewModel() {
        return viewModel;
    }
}
