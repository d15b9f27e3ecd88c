package teller.server.risk;

/**
 * The fraud rules and the points an open flag of each adds to its player's score (decision 0034).
 * The points are stored with each flag when it is raised, so a later change here never rewrites a
 * score that was shown to an operator.
 */
public enum FraudRule {
    VELOCITY(25),
    RAPID_WITHDRAWAL(30),
    WINNING_STREAK(35),
    DUPLICATE_PROOF(50),
    AMOUNT_ANOMALY(25),
    /**
     * A payment provider refunded a charge that credited (or will credit) a deposit: raised by the
     * payment webhooks, not by {@link FraudRules}; a supervisor voids the deposit or accepts it.
     */
    REFUND(25);

    private final int points;

    FraudRule(int points) {
        this.points = points;
    }

    public int points() {
        return points;
    }
}
