package teller.ui.console;

import java.util.Locale;
import java.util.Map;

/** Each screen's icon in the navigation column: all that the collapsed column (Ctrl+B) shows. */
public final class NavigationIcons {
    private static final Map<String, String> ICONS = Map.ofEntries(
            Map.entry("dashboard", "⌂"), Map.entry("queue", "☰"),
            Map.entry("reports", "∑"), Map.entry("proof-forwards", "✉"),
            Map.entry("fraud", "⚑"), Map.entry("failed", "⚠"),
            Map.entry("providers", "⇄"), Map.entry("operators", "☺"),
            Map.entry("approval-policy", "⚖"), Map.entry("audit", "✎"),
            Map.entry("players", "♟"), Map.entry("order-lookup", "№"),
            Map.entry("ledger", "≡"));

    private NavigationIcons() {
    }

    /** The icon of the screen {@code id}; a screen not listed shows its first letter. */
    public static String icon(String id) {
        String icon = ICONS.get(id);
        return icon != null ? icon : id.isEmpty() ? "?" : id.substring(0, 1).toUpperCase(Locale.ROOT);
    }
}
