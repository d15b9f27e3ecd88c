package teller.server.risk;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import teller.server.orders.OrderType;

/**
 * The limits of DESIGN.md, named as their environment variables. Amounts are minor units of the
 * player's currency; the cooldown is in seconds. Every limit is hard: a failed check blocks approval.
 */
public enum LimitRule {
    /** Approved deposits in the last 24 hours, this one included. */
    DAILY_DEPOSIT_LIMIT(EnumSet.of(OrderType.DEPOSIT)),
    /** Net loss (game loads minus withdrawals, never below zero) in the last 24 hours, this load included. */
    DAILY_LOSS_LIMIT(EnumSet.of(OrderType.GAME_LOAD)),
    /** The same over the last 7 days. */
    WEEKLY_LOSS_LIMIT(EnumSet.of(OrderType.GAME_LOAD)),
    /** The same over the last 30 days. */
    MONTHLY_LOSS_LIMIT(EnumSet.of(OrderType.GAME_LOAD)),
    /** The amount of one game load (the stake put at risk at once). */
    MAX_BET_AMOUNT(EnumSet.of(OrderType.GAME_LOAD)),
    /** The amount of one withdrawal. */
    MAX_PAYOUT_AMOUNT(EnumSet.of(OrderType.WITHDRAWAL)),
    /** Seconds that must pass between two approved withdrawals of a player. */
    WITHDRAWAL_COOLDOWN_SECONDS(EnumSet.of(OrderType.WITHDRAWAL));

    private final Set<OrderType> types;

    LimitRule(Set<OrderType> types) {
        this.types = types;
    }

    public boolean appliesTo(OrderType type) {
        return types.contains(type);
    }

    public static List<LimitRule> forType(OrderType type) {
        return java.util.Arrays.stream(values()).filter(r -> r.appliesTo(type)).toList();
    }
}
