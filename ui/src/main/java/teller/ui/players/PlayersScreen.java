package teller.ui.players;

import java.util.Set;
import teller.ui.api.EventStream;
import teller.ui.console.FxmlScreen;
import teller.ui.console.ScreenContext;

/**
 * The player desk as a console screen: every role may search and read a card; the card's changes
 * are offered by role. While shown, the open card follows the server (KYC, exclusion and limit
 * changes, and orders being decided or voided).
 */
public final class PlayersScreen extends FxmlScreen {
    static final Set<String> LIVE_EVENTS = Set.of("PLAYER_KYC_CHANGED", "PLAYER_EXCLUDED", "PLAYER_LIMITS_CHANGED",
            "ORDER_CREATED", "ORDER_APPROVED", "ORDER_REJECTED", "ORDER_VOIDED", "ORDER_UPDATED");

    private final PlayersViewModel viewModel;

    public PlayersScreen(ScreenContext context) {
        super("players", "Players", LIVE_EVENTS);
        viewModel = new PlayersViewModel(context.session().client(), context.executors(), context.session().operator(),
                new teller.ui.providers.FxVoidDialogs(context.dialogs()::owner));
        viewModel.setLimitPrompts(editor -> teller.ui.common.CurrencyAmountDialog.show(context.dialogs().owner(), editor,
                new teller.ui.common.CurrencyAmountDialog.Texts("limit", "Limit override", "Override (amount)")));
        show(new PlayersView(viewModel));
    }

    @Override
    public void liveEvent(EventStream.ServerEvent event) {
        viewModel.serverChanged();
    }

    /** Another screen names a player id: its card opens. */
    @Override
    public void open(String argument) {
        if (argument != null && !argument.isBlank()) {
            viewModel.open(argument);
        }
    }

    public PlayersViewModel viewModel() {
        return viewModel;
    }
}
