package teller.server.risk;

import java.time.Instant;

/**
 * One limit checked for one order: the effective limit (null when none is set), the value it was
 * compared with ({@code current}: the total this order would bring the player to, its own amount,
 * or the seconds since the last withdrawal; null when there is nothing to measure) and the outcome.
 */
public record LimitCheck(LimitRule rule, Long limit, Long current, Outcome outcome, Phase phase, Instant checkedAt) {
    public enum Outcome {
        PASS, FAIL, NO_LIMIT
    }

    public enum Phase {
        INTAKE, APPROVAL
    }

    public boolean failed() {
        return outcome == Outcome.FAIL;
    }
}
