package teller.ui.ledger;

import java.util.Set;
import teller.ui.api.EventStream;
import teller.ui.api.LedgerApi;
import teller.ui.api.OperatorInfo;
import teller.ui.console.FxmlScreen;
import teller.ui.console.ScreenContext;

/**
 * The ledger as a console screen, for ADMIN and AUDITOR. While shown, postings (orders approved,
 * executed, voided) reload the balances and the open statement.
 */
public final class LedgerScreen extends FxmlScreen {
    static final Set<String> LIVE_EVENTS = Set.of("ORDER_APPROVED", "ORDER_VOIDED", "ORDER_UPDATED", "ORDER_EXECUTING");

    private final LedgerViewModel viewModel;

    public LedgerScreen(ScreenContext context) {
        super("ledger", "Ledger", LIVE_EVENTS);
        viewModel = new LedgerViewModel(new LedgerApi(context.session().client()), context.executors(),
                context.session().operator());
        show(new LedgerView(viewModel));
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
