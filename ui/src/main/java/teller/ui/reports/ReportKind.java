package teller.ui.reports;

import java.util.Set;

/**
 * The reports the console offers, by their API name. What the console needs to show one: which
 * columns are money (minor units, in the row's currency) and whether it is grouped by period.
 */
public enum ReportKind {
    BALANCE_FLOW("balance-flow", "Balance flow", true,
            Set.of("deposits", "withdrawals", "voidedDeposits", "voidedWithdrawals", "netFlow")),
    PROFIT_BY_GAME("profit-by-game", "Profit by game", true,
            Set.of("loads", "redemptions", "voidedLoads", "voidedRedemptions", "profit")),
    VOIDS("voids", "Voids", true, Set.of("amount")),
    OPERATIONS("operations", "Operations", false, Set.of()),
    DAILY_SUMMARY("daily-summary", "Daily summary", true,
            Set.of("deposits", "withdrawals", "gameLoads", "voids", "netFlow")),
    RECONCILIATION("reconciliation", "Reconciliation", false, Set.of()),
    /** Served by newer servers only; an older one answers 404, which the screen explains. */
    RISK_EXPOSURE("risk-exposure", "Risk exposure", false, Set.of());

    private final String apiName;
    private final String title;
    private final boolean periodic;
    private final Set<String> moneyColumns;

    ReportKind(String apiName, String title, boolean periodic, Set<String> moneyColumns) {
        this.apiName = apiName;
        this.title = title;
        this.periodic = periodic;
        this.moneyColumns = moneyColumns;
    }

    public String apiName() {
        return apiName;
    }

    public String title() {
        return title;
    }

    /** Whether rows are grouped by day, week or month (the granularity applies). */
    public boolean periodic() {
        return periodic;
    }

    /**
     * Whether {@code column} holds minor units: the known money columns, and for reports the
     * console does not know in detail, any column named like an amount.
     */
    public boolean isMoney(String column) {
        if (moneyColumns.contains(column)) {
            return true;
        }
        String lower = column.toLowerCase(java.util.Locale.ROOT);
        return moneyColumns.isEmpty() && (lower.endsWith("amount") || lower.endsWith("minor"));
    }

    @Override
    public String toString() {
        return title;
    }
}
