package teller.server.risk;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.players.KycStatus;
import teller.server.players.Player;

/** What risk needs from the database; every method joins the caller's transaction. */
public interface RiskStore {
    /** Serializes risk decisions per player until the transaction ends (taken in id order). */
    void lockPlayers(Collection<String> playerIds);

    /** {@link #lockPlayers} for the players of these orders, found and locked in one statement (in the same order). */
    void lockPlayersOf(Collection<Long> orderIds);

    /** Each player's approved activity over the rolling windows ending at {@code now}. */
    Map<String, PlayerActivity> activity(Collection<String> playerIds, Instant now);

    /** Each player's overrides; players without any are absent. */
    Map<String, Map<LimitRule, Long>> overrides(Collection<String> playerIds);

    void replaceOverrides(String playerId, Map<LimitRule, Long> overrides, String updatedBy);

    void recordChecks(Map<Long, List<LimitCheck>> checksByOrder);

    /** Every check recorded for the order, oldest first. */
    List<LimitCheck> checks(long orderId);

    /** The orders (with their players) of a deposit batch, in no particular order; unknown ids are absent. */
    List<Subject> subjects(Collection<Long> orderIds);

    void setKyc(String playerId, KycStatus status);

    void setExclusion(String playerId, ExclusionType type, Instant until, Instant setAt);

    /** An order about to be decided, with its player. */
    record Subject(long orderId, OrderType type, OrderStatus status, long amount, Player player) {
    }
}
