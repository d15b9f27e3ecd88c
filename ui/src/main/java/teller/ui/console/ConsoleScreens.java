package teller.ui.console;

import java.util.List;
import teller.ui.dashboard.DashboardScreen;
import teller.ui.audit.AuditScreen;
import teller.ui.operators.OperatorsScreen;
import teller.ui.queue.QueueScreen;
import teller.ui.reports.ReportsScreen;

/**
 * The console's screens, in navigation order (Ctrl+1 is the first). The one place a new screen
 * is added.
 */
public final class ConsoleScreens {
    private ConsoleScreens() {
    }

    public static List<ConsoleScreen> forSession(ScreenContext context) {
        return List.of(
                new DashboardScreen(context),
                new QueueScreen(context),
                new ReportsScreen(context),
                new teller.ui.proof.ProofForwardsScreen(context),
                new teller.ui.fraud.FraudFlagsScreen(context),
                new teller.ui.providers.FailedExecutionsScreen(context),
                new teller.ui.providers.ProvidersScreen(context),
                new OperatorsScreen(context),
                new teller.ui.policy.ApprovalPolicyScreen(context),
                new AuditScreen(context),
                new teller.ui.players.PlayersScreen(context),
                new teller.ui.lookup.OrderLookupScreen(context),
                new teller.ui.ledger.LedgerScreen(context));
    }
}
