package teller.server.risk;

import java.util.Collection;

/**
 * A player's fraud score and level (decision 0034). The score is the sum of the points of the
 * player's OPEN flags, capped at {@link #SCORE_MAX}; resolved flags count for nothing. Each level
 * starts at its {@code scoreMin}; RISKY and above need a supervisor to approve the player's orders.
 */
public enum FraudLevel {
    SAFE(0),
    SUSPICIOUS(FraudLevel.SUSPICIOUS_SCORE_MIN),
    RISKY(FraudLevel.RISKY_SCORE_MIN),
    FRAUDULENT(FraudLevel.FRAUDULENT_SCORE_MIN);

    public static final int SCORE_MAX = 100;
    public static final int SUSPICIOUS_SCORE_MIN = 25;
    public static final int RISKY_SCORE_MIN = 50;
    public static final int FRAUDULENT_SCORE_MIN = 80;

    private final int scoreMin;

    FraudLevel(int scoreMin) {
        this.scoreMin = scoreMin;
    }

    public int scoreMin() {
        return scoreMin;
    }

    /** The highest score of this level. */
    public int scoreMax() {
        return ordinal() + 1 < values().length ? values()[ordinal() + 1].scoreMin - 1 : SCORE_MAX;
    }

    public boolean needsSupervisor() {
        return this == RISKY || this == FRAUDULENT;
    }

    /** The score of a player whose open flags carry these points. */
    public static int score(Collection<Integer> openFlagPoints) {
        long sum = 0;
        for (int points : openFlagPoints) {
            if (points < 0) {
                throw new IllegalArgumentException("a flag's points are never negative: " + points);
            }
            sum += points;
        }
        return (int) Math.min(SCORE_MAX, sum);
    }

    public static FraudLevel of(int score) {
        if (score < 0 || score > SCORE_MAX) {
            throw new IllegalArgumentException("a fraud score is 0.." + SCORE_MAX + ", not " + score);
        }
        FraudLevel level = SAFE;
        for (FraudLevel l : values()) {
            if (score >= l.scoreMin) {
                level = l;
            }
        }
        return level;
    }
}
