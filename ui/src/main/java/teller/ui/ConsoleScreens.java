package teller.ui;

import java.util.List;
import teller.ui.audit.AuditScreen;
import teller.ui.common.Notices;
import teller.ui.console.ConsoleFeatures;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ConsoleShell;
import teller.ui.console.LiveFeed;
import teller.ui.console.ScreenContext;
import teller.ui.dashboard.DashboardScreen;
import teller.ui.fraud.FlagNotices;
import teller.ui.fraud.FraudFlagsScreen;
import teller.ui.ledger.LedgerScreen;
import teller.ui.lookup.OrderLookupScreen;
import teller.ui.operators.OperatorsScreen;
import teller.ui.players.PlayersScreen;
import teller.ui.policy.ApprovalPolicyScreen;
import teller.ui.proof.ProofForwardsScreen;
import teller.ui.providers.FailedExecutionsScreen;
import teller.ui.providers.ProviderBadges;
import teller.ui.providers.ProviderStates;
import teller.ui.providers.ProvidersScreen;
import teller.ui.queue.QueueScreen;
import teller.ui.reports.ReportsScreen;

/**
 * The console's screens, in navigation order (Ctrl+1 is the first), and the features' app-bar
 * badges and notices. The one place a new screen is added. It sits above {@code console/} and the
 * screen packages, so that the shell and the screens do not depend on each other.
 */
public final class ConsoleScreens implements ConsoleFeatures {
    /** Every screen of the console. */
    public static final ConsoleScreens ALL = new ConsoleScreens();

    private ConsoleScreens() {
    }

    @Override
    public List<ConsoleScreen> screens(ScreenContext context) {
        return List.of(
                new DashboardScreen(context),
                new QueueScreen(context),
                new ReportsScreen(context),
                new ProofForwardsScreen(context),
                new FraudFlagsScreen(context),
                new FailedExecutionsScreen(context),
                new ProvidersScreen(context),
                new OperatorsScreen(context),
                new ApprovalPolicyScreen(context),
                new AuditScreen(context),
                new PlayersScreen(context),
                new OrderLookupScreen(context),
                new LedgerScreen(context));
    }

    /** A notice for each fraud flag raised; the providers' warning and sandbox badges in the app bar. */
    @Override
    public void attach(ScreenContext context, LiveFeed live, ConsoleShell shell, Notices notices) {
        FlagNotices.showOn(live, notices);
        ProviderStates providerStates = new ProviderStates(
                new teller.ui.api.ProvidersApi(context.session().client()), context.executors());
        ProviderBadges providerBadges = new ProviderBadges(providerStates);
        shell.addAppBarItem(providerBadges.warning());
        shell.addAppBarItem(providerBadges.sandbox());
        ProviderBadges.follow(live, providerStates);
    }
}
