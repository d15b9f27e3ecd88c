package teller.ui.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import teller.ui.api.FraudFlagView;
import teller.ui.api.OrderView;
import teller.ui.common.MoneyFormat;

/**
 * When approving asks for one confirmation first, and what it names (issue 16, decision 0145): the
 * player's fraud level SUSPICIOUS or worse, an open fraud flag, an amount above the server's
 * CONFIRM_ABOVE_AMOUNT of its currency. An ordinary order has none and stays at one key.
 */
public final class ApprovalRisks {
    private static final Set<String> RISKY_LEVELS = Set.of("SUSPICIOUS", "RISKY", "FRAUDULENT");

    private ApprovalRisks() {
    }

    /**
     * The risks of approving {@code order}, one sentence each; empty when approving needs no confirmation.
     *
     * @param confirmAboveAmount CONFIRM_ABOVE_AMOUNT of the order's currency (minor units), or null
     */
    public static List<String> of(OrderView order, Long confirmAboveAmount) {
        List<String> risks = new ArrayList<>();
        if (order.fraudLevel() != null && RISKY_LEVELS.contains(order.fraudLevel())) {
            risks.add("Player risk: " + order.fraudLevel()
                    + (order.fraudScore() == null ? "" : ", score " + order.fraudScore()) + ".");
        }
        for (FraudFlagView flag : order.flags()) {
            if (flag.open()) {
                risks.add("Open fraud flag: " + flag.rule() + " (" + flag.points() + " points).");
            }
        }
        if (confirmAboveAmount != null && order.amount() > confirmAboveAmount) {
            risks.add(MoneyFormat.format(order.amount(), order.currency()) + " is above "
                    + MoneyFormat.format(confirmAboveAmount, order.currency())
                    + ": larger approvals are confirmed.");
        }
        return List.copyOf(risks);
    }
}
