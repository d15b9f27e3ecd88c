package teller.server.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import teller.server.common.RuleViolationException;
import teller.server.orders.OrderType;

/** Evaluates every limit that applies to an order against the player's activity; no I/O. */
public final class Limits {
    public static final Duration DAY = Duration.ofHours(24);
    public static final Duration WEEK = Duration.ofDays(7);
    public static final Duration MONTH = Duration.ofDays(30);

    private Limits() {
    }

    /**
     * @param effective the limit of each rule for this player (override or default); absent = no limit
     */
    public static List<LimitCheck> evaluate(OrderType type, long amount, PlayerActivity activity,
                                            Map<LimitRule, Long> effective, LimitCheck.Phase phase, Instant now) {
        List<LimitCheck> checks = new ArrayList<>();
        for (LimitRule rule : LimitRule.forType(type)) {
            Long limit = effective.get(rule);
            Long current = current(rule, amount, activity, now);
            LimitCheck.Outcome outcome;
            if (limit == null) {
                outcome = LimitCheck.Outcome.NO_LIMIT;
            } else if (rule == LimitRule.WITHDRAWAL_COOLDOWN_SECONDS) {
                outcome = current != null && current < limit ? LimitCheck.Outcome.FAIL : LimitCheck.Outcome.PASS;
            } else {
                outcome = current > limit ? LimitCheck.Outcome.FAIL : LimitCheck.Outcome.PASS;
            }
            checks.add(new LimitCheck(rule, limit, current, outcome, phase, now));
        }
        return checks;
    }

    private static Long current(LimitRule rule, long amount, PlayerActivity a, Instant now) {
        return switch (rule) {
            case DAILY_DEPOSIT_LIMIT -> Math.addExact(a.depositsDay(), amount);
            case DAILY_LOSS_LIMIT -> netLoss(a.loadsDay(), a.payoutsDay(), amount);
            case WEEKLY_LOSS_LIMIT -> netLoss(a.loadsWeek(), a.payoutsWeek(), amount);
            case MONTHLY_LOSS_LIMIT -> netLoss(a.loadsMonth(), a.payoutsMonth(), amount);
            case MAX_BET_AMOUNT, MAX_PAYOUT_AMOUNT -> amount;
            case WITHDRAWAL_COOLDOWN_SECONDS -> a.lastWithdrawalAt() == null ? null
                    : Math.max(0, Duration.between(a.lastWithdrawalAt(), now).toSeconds());
        };
    }

    /** Money put into games minus money paid out in the window, never below zero, plus this load. */
    private static long netLoss(long loads, long payouts, long amount) {
        return Math.addExact(Math.max(0, loads - payouts), amount);
    }

    /** The refusal of the first failed check (approval refuses on any failed limit), or empty. */
    public static Optional<RuleViolationException> refusal(long orderId, List<LimitCheck> checks) {
        return checks.stream().filter(LimitCheck::failed).findFirst().map(failed -> {
            Map<String, Object> details = new LinkedHashMap<>();
            // Error details hold no nulls; a failed check always has both numbers.
            details.put("limit", failed.limit());
            details.put("current", failed.current());
            details.put("orderId", String.valueOf(orderId));
            return new RuleViolationException("LIMIT_EXCEEDED", failed.rule().name(),
                    failed.rule().name() + " refuses this order: " + describe(failed), details);
        });
    }

    private static String describe(LimitCheck check) {
        if (check.rule() == LimitRule.WITHDRAWAL_COOLDOWN_SECONDS) {
            return "the last withdrawal was " + check.current() + " s ago, the cooldown is " + check.limit() + " s";
        }
        return check.current() + " would exceed the limit of " + check.limit();
    }

    /** A player's limit per rule: the environment's defaults, overridden by the player's own. */
    public static Map<LimitRule, Long> effective(Map<LimitRule, Long> defaults, Map<LimitRule, Long> overrides) {
        java.util.EnumMap<LimitRule, Long> effective = new java.util.EnumMap<>(LimitRule.class);
        effective.putAll(defaults);
        effective.putAll(overrides);
        return effective;
    }
}
