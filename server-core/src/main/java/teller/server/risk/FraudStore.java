package teller.server.risk;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import teller.server.common.Page;

/** What fraud needs from the database; every method joins the caller's transaction. */
public interface FraudStore {
    /** The order and its player's orders up to it (newest first, at most {@code limit}); empty if no such order. */
    Optional<Subject> subject(long orderId, int limit);

    /** Ids of other orders carrying this proof hash, at most {@code limit}. */
    List<Long> ordersWithProof(String proofSha256, long exceptOrderId, int limit);

    /** The players of these orders, with which of the orders is whose; by player id. */
    List<OrderPlayer> playersOfOrders(Collection<Long> orderIds);

    /** A player and their orders among those asked about. */
    record OrderPlayer(String playerId, String username, List<Long> orderIds) {
    }

    /** Inserts the flag unless its condition (rule + dedupe key) already has one; returns the new id if inserted. */
    Optional<Long> insertIfAbsent(String playerId, Long orderId, FraudRules.Finding finding, int points);

    void markEvaluated(long orderId, Instant at);

    /** Pending orders whose last evaluation is older than {@code evaluatedBefore} (never evaluated first). */
    List<Long> pendingToEvaluate(Instant evaluatedBefore, int limit);

    /** Each player's score (sum of open points, capped); players without open flags are absent. */
    Map<String, Integer> scores(Collection<String> playerIds);

    Optional<FraudFlag> find(long flagId);

    /** Locks the flag row until the transaction ends. */
    Optional<FraudFlag> lock(long flagId);

    void resolve(long flagId, FraudFlag.Resolution resolution, String note, String resolvedBy, Instant at);

    /** Newest first; {@code level} filters by the player's current level. */
    Page<FraudFlag> list(FraudFlag.Status status, FraudLevel level, String playerId, String cursor, int limit);

    List<FraudFlag> ofOrder(long orderId);

    /** The order evaluated with the player and the player's orders (newest first, the order among them). */
    /** The order being screened, its player's history, and the currency of its amounts. */
    record Subject(String playerId, String currency, FraudRules.OrderFact order, List<FraudRules.OrderFact> history) {
    }
}
