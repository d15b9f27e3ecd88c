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

    /** Each screen's icon in the navigation (all the collapsed column shows); a screen not listed shows its first letter. */
    private static final java.util.Map<String, String> ICONS = java.util.Map.ofEntries(
            java.util.Map.entry("dashboard", "⌂"), java.util.Map.entry("queue", "☰"),
            java.util.Map.entry("reports", "∑"), java.util.Map.entry("proof-forwards", "✉"),
            java.util.Map.entry("fraud", "⚑"), java.util.Map.entry("failed", "⚠"),
            java.util.Map.entry("providers", "⇄"), java.util.Map.entry("operators", "☺"),
            java.util.Map.entry("approval-policy", "⚖"), java.util.Map.entry("audit", "✎"),
            java.util.Map.entry("players", "♟"), java.util.Map.entry("order-lookup", "№"),
            java.util.Map.entry("ledger", "≡"));

    /** The navigation icon of the screen {@code id}. */
    public static String icon(String id) {
        String icon = ICONS.get(id);
        return icon != null ? icon : id.isEmpty() ? "?" : id.substring(0, 1).toUpperCase(java.util.Locale.ROOT);
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
