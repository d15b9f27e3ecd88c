package teller.server.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;

/**
 * The fraud rules as pure functions of one order and its player's earlier orders (decision 0033):
 * nothing here reads a clock or a database, so intake and the rescoring worker reach the same
 * findings for the same order, and each finding's dedupe key names its condition exactly.
 */
public final class FraudRules {
    public static final Duration VELOCITY_WINDOW = Duration.ofHours(1);
    /** Evaluations read at most this many of a player's orders (the newest, up to the one evaluated). */
    public static final int HISTORY_ORDERS_MAX = 500;
    /** Evidence lists name at most this many orders. */
    public static final int EVIDENCE_ORDERS_MAX = 50;

    private FraudRules() {
    }

    /** An order as the rules see it. */
    public record OrderFact(long id, OrderType type, OrderStatus status, long amount, Instant createdAt,
                            Instant executedAt, String proofSha256) {
    }

    /** A rule that tripped: what to store as the flag. */
    public record Finding(FraudRule rule, String dedupeKey, Map<String, Object> evidence) {
    }

    /**
     * @param order       the order evaluated
     * @param history     the player's orders with an id up to the order's (it may be among them), any order
     * @param sameProof   ids of other orders (of any player) carrying the same proof hash
     */
    public static List<Finding> evaluate(String playerId, OrderFact order, List<OrderFact> history, List<Long> sameProof,
                                         FraudSettings settings) {
        List<OrderFact> earlier = history.stream().filter(o -> o.id() < order.id())
                .sorted(Comparator.comparingLong(OrderFact::id).reversed()).toList();
        List<Finding> findings = new ArrayList<>();
        velocity(playerId, order, earlier, settings).ifPresent(findings::add);
        rapidWithdrawal(order, earlier, settings).ifPresent(findings::add);
        winningStreak(order, earlier, settings).ifPresent(findings::add);
        duplicateProof(order, sameProof).ifPresent(findings::add);
        amountAnomaly(order, earlier, settings).ifPresent(findings::add);
        return findings;
    }

    /**
     * More than {@code VELOCITY_THRESHOLD} orders (any type or status) within the hour ending at this
     * order's creation, this one included. One flag per player and clock hour of the order that
     * tripped it, however many more orders follow in that hour.
     */
    static java.util.Optional<Finding> velocity(String playerId, OrderFact order, List<OrderFact> earlier,
                                                FraudSettings s) {
        if (s.velocityThreshold() == 0) {
            return java.util.Optional.empty();
        }
        Instant from = order.createdAt().minus(VELOCITY_WINDOW);
        List<Long> inWindow = new ArrayList<>();
        inWindow.add(order.id());
        for (OrderFact o : earlier) {
            if (o.createdAt().isAfter(from) && !o.createdAt().isAfter(order.createdAt())) {
                inWindow.add(o.id());
            }
        }
        if (inWindow.size() <= s.velocityThreshold()) {
            return java.util.Optional.empty();
        }
        long hour = order.createdAt().getEpochSecond() / 3600;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("orders", inWindow.size());
        evidence.put("threshold", s.velocityThreshold());
        evidence.put("windowStart", from.toString());
        evidence.put("windowEnd", order.createdAt().toString());
        evidence.put("orderIds", ids(inWindow));
        return java.util.Optional.of(new Finding(FraudRule.VELOCITY, "player:" + playerId + ":hour:" + hour, evidence));
    }

    /**
     * A withdrawal requested at most {@code RAPID_WITHDRAWAL_MINUTES} after one of the player's
     * deposits was executed (APPROVED_EXECUTED, by its execution time).
     */
    static java.util.Optional<Finding> rapidWithdrawal(OrderFact order, List<OrderFact> earlier, FraudSettings s) {
        if (s.rapidWithdrawalMinutes() == 0 || order.type() != OrderType.WITHDRAWAL) {
            return java.util.Optional.empty();
        }
        Instant from = order.createdAt().minus(Duration.ofMinutes(s.rapidWithdrawalMinutes()));
        return earlier.stream()
                .filter(o -> o.type() == OrderType.DEPOSIT && o.status() == OrderStatus.APPROVED_EXECUTED
                        && o.executedAt() != null && !o.executedAt().isBefore(from)
                        && !o.executedAt().isAfter(order.createdAt()))
                .max(Comparator.comparing(OrderFact::executedAt))
                .map(deposit -> {
                    Map<String, Object> evidence = new LinkedHashMap<>();
                    evidence.put("depositOrderId", String.valueOf(deposit.id()));
                    evidence.put("depositAmount", deposit.amount());
                    evidence.put("depositExecutedAt", deposit.executedAt().toString());
                    evidence.put("withdrawalRequestedAt", order.createdAt().toString());
                    evidence.put("secondsBetween", Duration.between(deposit.executedAt(), order.createdAt()).toSeconds());
                    evidence.put("thresholdMinutes", s.rapidWithdrawalMinutes());
                    return new Finding(FraudRule.RAPID_WITHDRAWAL, "order:" + order.id(), evidence);
                });
    }

    private static boolean countsAsWithdrawal(OrderFact o) {
        return o.type() == OrderType.WITHDRAWAL && (o.status() == OrderStatus.PENDING_REVIEW
                || o.status() == OrderStatus.EXECUTING || o.status() == OrderStatus.APPROVED_EXECUTED);
    }

    /**
     * The last {@code WINNING_STREAK_THRESHOLD} withdrawals (this one included; pending, executing or
     * executed ones) were each profitable: a withdrawal is profitable when its amount is more than
     * the player's executed deposits created since the withdrawal before it (or since the start of
     * the history read). The player took out more than they had put in since the last cash-out.
     */
    static java.util.Optional<Finding> winningStreak(OrderFact order, List<OrderFact> earlier, FraudSettings s) {
        if (s.winningStreakThreshold() == 0 || order.type() != OrderType.WITHDRAWAL) {
            return java.util.Optional.empty();
        }
        List<Map<String, Object>> streak = new ArrayList<>();
        OrderFact withdrawal = order;
        long depositsSince = 0;
        for (int i = 0; i <= earlier.size() && streak.size() < s.winningStreakThreshold(); i++) {
            OrderFact o = i < earlier.size() ? earlier.get(i) : null;
            if (o != null && o.type() == OrderType.DEPOSIT && o.status() == OrderStatus.APPROVED_EXECUTED) {
                depositsSince += o.amount();
                continue;
            }
            if (o != null && !countsAsWithdrawal(o)) {
                continue;
            }
            // o is the withdrawal before `withdrawal`, or the history ended: close its cycle.
            if (withdrawal.amount() <= depositsSince) {
                return java.util.Optional.empty();
            }
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("orderId", String.valueOf(withdrawal.id()));
            step.put("amount", withdrawal.amount());
            step.put("depositsBefore", depositsSince);
            streak.add(step);
            if (o == null) {
                break;
            }
            withdrawal = o;
            depositsSince = 0;
        }
        if (streak.size() < s.winningStreakThreshold()) {
            return java.util.Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("streak", streak.size());
        evidence.put("threshold", s.winningStreakThreshold());
        evidence.put("withdrawals", streak);
        return java.util.Optional.of(new Finding(FraudRule.WINNING_STREAK, "order:" + order.id(), evidence));
    }

    /** The order's proof hash is also on another order (of any player, in any state). */
    static java.util.Optional<Finding> duplicateProof(OrderFact order, List<Long> sameProof) {
        List<Long> others = sameProof.stream().filter(id -> id != order.id()).sorted().toList();
        if (order.proofSha256() == null || others.isEmpty()) {
            return java.util.Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("proofSha256", order.proofSha256());
        evidence.put("otherOrderIds", ids(others));
        return java.util.Optional.of(new Finding(FraudRule.DUPLICATE_PROOF, "order:" + order.id(), evidence));
    }

    /**
     * The amount is more than {@code AMOUNT_ANOMALY_FACTOR} times the median of the player's latest
     * {@code AMOUNT_ANOMALY_HISTORY_SIZE} earlier orders of the same type (rejected ones left out),
     * given at least {@code AMOUNT_ANOMALY_HISTORY_MIN} of them. With an even count the median is the
     * mean of the two middle amounts; the comparison is exact (no rounding).
     */
    static java.util.Optional<Finding> amountAnomaly(OrderFact order, List<OrderFact> earlier, FraudSettings s) {
        if (s.amountAnomalyFactor() == 0) {
            return java.util.Optional.empty();
        }
        List<Long> amounts = earlier.stream()
                .filter(o -> o.type() == order.type() && o.status() != OrderStatus.REJECTED)
                .limit(s.amountAnomalyHistorySize()).map(OrderFact::amount).sorted().toList();
        if (amounts.size() < s.amountAnomalyHistoryMin()) {
            return java.util.Optional.empty();
        }
        long low = amounts.get((amounts.size() - 1) / 2);
        long high = amounts.get(amounts.size() / 2);
        // amount > factor * (low + high) / 2, in whole numbers; amounts are at most 10^12, the factor 10^6.
        java.math.BigInteger left = java.math.BigInteger.valueOf(order.amount()).shiftLeft(1);
        java.math.BigInteger right = java.math.BigInteger.valueOf(s.amountAnomalyFactor())
                .multiply(java.math.BigInteger.valueOf(low).add(java.math.BigInteger.valueOf(high)));
        if (left.compareTo(right) <= 0) {
            return java.util.Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("amount", order.amount());
        evidence.put("median", (low + high) / 2);
        evidence.put("factor", s.amountAnomalyFactor());
        evidence.put("historyOrders", amounts.size());
        evidence.put("type", order.type().name());
        return java.util.Optional.of(new Finding(FraudRule.AMOUNT_ANOMALY, "order:" + order.id(), evidence));
    }

    private static List<String> ids(List<Long> ids) {
        return ids.stream().limit(EVIDENCE_ORDERS_MAX).map(String::valueOf).toList();
    }
}
