package teller.ui.players;

import java.util.Set;
import javafx.scene.Parent;
import teller.ui.api.EventStream;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ScreenContext;

/**
 * The player desk as a console screen: every role may search and read a card; the card's changes
 * are offered by role. While shown, the open card follows the server (KYC, exclusion and limit
 * changes, and orders being decided or voided).
 */
public final class PlayersScreen implements ConsoleScreen {
    static final Set<String> LIVE_EVENTS = Set.of("PLAYER_KYC_CHANGED", "PLAYER_EXCLUDED", "PLAYER_LIMITS_CHANGED",
            "ORDER_CREATED", "ORDER_APPROVED", "ORDER_REJECTED", "ORDER_VOIDED", "ORDER_UPDATED");

    private final PlayersViewModel viewModel;
    private final PlayersView view;

    public PlayersScreen(ScreenContext context) {
        viewModel = new PlayersViewModel(context.session().client(), context.executors(), context.session().operator(),
                new teller.ui.providers.FxVoidDialogs(context.dialogs()::owner));
        viewModel.setLimitPrompts(editor -> teller.ui.common.CurrencyAmountDialog.show(context.dialogs().owner(), editor,
                new teller.ui.common.CurrencyAmountDialog.Texts("limit", "Limit override", "Override (amount)")));
        view = new PlayersView(viewModel);
    }

    @Override
    public String id() {
        return "players";
    }

    @Override
    public String title() {
        return "Players";
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
