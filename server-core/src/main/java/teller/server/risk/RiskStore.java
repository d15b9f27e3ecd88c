package teller.server.risk;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import teller.server.players.KycStatus;

/** What risk needs from the database; every method joins the caller's transaction. */
public interface RiskStore {
    /** Serializes risk decisions per player until the transaction ends (taken in id order). */
    void lockPlayers(Collection<String> playerIds);

    /** Each player's approved activity over the rolling windows ending at {@code now}. */
    Map<String, PlayerActivity> activity(Collection<String> playerIds, Instant now);

    /** Each player's overrides; players without any are absent. */
    Map<String, Map<LimitRule, Long>> overrides(Collection<String> playerIds);

    void replaceOverrides(String playerId, Map<LimitRule, Long> overrides, String updatedBy);

    void recordChecks(Map<Long, List<LimitCheck>> checksByOrder);

    /** Every check recorded for the order, oldest first. */
    List<LimitCheck> checks(long orderId);

    void setKyc(String playerId, KycStatus status);

    void setExclusion(String playerId, ExclusionType type, Instant until, Instant setAt);
}
