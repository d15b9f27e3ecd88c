package teller.ui.common;

import teller.ui.api.OrderView;

/** An order named in one line, the same on every screen that names one (queue outcome, void dialog). */
public final class OrderText {
    private OrderText() {
    }

    /** E.g. "Deposit #12 of $100.00 for p-1001". */
    public static String summary(OrderView order) {
        return order.type().label() + " #" + order.id() + " of " + MoneyFormat.format(order.amount(), order.currency())
                + " for " + order.playerId();
    }
}
