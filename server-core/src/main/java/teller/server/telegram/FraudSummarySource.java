package teller.server.telegram;

/**
 * One line about an order's fraud standing for the forwarded proof's caption. The fraud engine is
 * built separately; until it is wired in, {@link #NOT_SCORED} says so plainly rather than implying
 * the order was checked.
 */
public interface FraudSummarySource {
    FraudSummarySource NOT_SCORED = orderId -> "fraud: not scored";

    String summaryOf(long orderId);
}
