package teller.ui.lookup;

import java.time.ZoneId;
import java.util.Set;
import teller.ui.api.EventStream;
import teller.ui.api.OperatorInfo;
import teller.ui.api.OrderCaseApi;
import teller.ui.console.FxmlScreen;
import teller.ui.console.ScreenContext;

/**
 * Order lookup as a console screen, for those who may read an order's case (SUPERVISOR, ADMIN,
 * AUDITOR). While shown, the open case follows the server.
 */
public final class OrderLookupScreen extends FxmlScreen {
    static final Set<String> LIVE_EVENTS = Set.of("ORDER_APPROVED", "ORDER_REJECTED", "ORDER_VOIDED", "ORDER_UPDATED",
            "ORDER_EXECUTING");
    private static final Set<String> ROLES = Set.of("SUPERVISOR", "ADMIN", "AUDITOR");

    private final OrderLookupViewModel viewModel;

    public OrderLookupScreen(ScreenContext context) {
        super("order-lookup", "Order lookup", LIVE_EVENTS);
        viewModel = new OrderLookupViewModel(new OrderCaseApi(context.session().client()), context.executors(),
                ZoneId.systemDefault(), new teller.ui.providers.OrderVoids(
                        new teller.ui.api.ProvidersApi(context.session().client()), context.executors(),
                        new teller.ui.providers.FxVoidDialogs(context.dialogs()::owner), context.session().operator().roles()));
        show(new OrderLookupView(viewModel));
    }

    @Override
    public void liveEvent(EventStream.ServerEvent event) {
        viewModel.serverChanged();
    }

    /** Another screen names an order id: its case opens. */
    @Override
    public void open(String argument) {
        viewModel.open(argument);
    }

    @Override
    public boolean availableTo(OperatorInfo operator) {
        return operator.roles().stream().anyMatch(ROLES::contains);
    }

    public OrderLookupViewModel viewModel() {
        return viewModel;
    }
}
