package teller.server.risk;

import java.time.Instant;

/**
 * What a player's approved orders (EXECUTING or APPROVED_EXECUTED, by approval time) add up to over
 * the rolling windows the limits use. {@code lastWithdrawalAt} is null when there was none.
 */
public record PlayerActivity(long depositsDay, long loadsDay, long payoutsDay, long loadsWeek, long payoutsWeek,
                             long loadsMonth, long payoutsMonth, Instant lastWithdrawalAt) {
    public static final PlayerActivity NONE = new PlayerActivity(0, 0, 0, 0, 0, 0, 0, null);

    /** The activity once an approved order of {@code type} and {@code amount} at {@code at} is added. */
    public PlayerActivity plus(teller.server.orders.OrderType type, long amount, Instant at) {
        return switch (type) {
            case DEPOSIT -> new PlayerActivity(depositsDay + amount, loadsDay, payoutsDay, loadsWeek, payoutsWeek,
                    loadsMonth, payoutsMonth, lastWithdrawalAt);
            case GAME_LOAD -> new PlayerActivity(depositsDay, loadsDay + amount, payoutsDay, loadsWeek + amount,
                    payoutsWeek, loadsMonth + amount, payoutsMonth, lastWithdrawalAt);
            case WITHDRAWAL -> new PlayerActivity(depositsDay, loadsDay, payoutsDay + amount, loadsWeek,
                    payoutsWeek + amount, loadsMonth, payoutsMonth + amount, at);
        };
    }
}
