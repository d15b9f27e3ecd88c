package teller.server.reports;

import java.util.Arrays;
import java.util.Optional;

/** The reports the API serves, by their URL name. */
public enum ReportName {
    BALANCE_FLOW("balance-flow"),
    PROFIT_BY_GAME("profit-by-game"),
    VOIDS("voids"),
    OPERATIONS("operations"),
    DAILY_SUMMARY("daily-summary"),
    RECONCILIATION("reconciliation"),
    RISK_EXPOSURE("risk-exposure");

    private final String urlName;

    ReportName(String urlName) {
        this.urlName = urlName;
    }

    public String urlName() {
        return urlName;
    }

    public static Optional<ReportName> fromUrlName(String name) {
        return Arrays.stream(values()).filter(n -> n.urlName.equals(name)).findFirst();
    }
}
