package teller.server.orders;

import java.time.Instant;
import java.util.Map;

/** One item of the approval queue, with its execution tracking. */
public record Order(long id, OrderType type, OrderStatus status, String playerId, long amount, String currency,
                    String gameName, String paymentMethod, Channel channel, String conversationId,
                    String idempotencyKey, String requestHash, String proofSha256, String createdByType,
                    String createdById, Instant createdAt, Instant updatedAt, Approval approval, Execution execution,
                    Decision rejection, Decision voiding) {

    /** Who approved and when; null fields while the order is pending or rejected. */
    public record Approval(String byType, String byId, Instant at, String note) {
    }

    public record Execution(int attempts, Instant leaseUntil, Instant executedAt, String error,
                            Map<String, Object> result, Long holdTransactionId, Long postingTransactionId,
                            Long reversalTransactionId) {
    }

    public record Decision(String byType, String byId, Instant at, String reason) {
    }

    public boolean madeBy(String operatorId) {
        return "OPERATOR".equals(createdByType) && operatorId != null && operatorId.equals(createdById);
    }

    /** This order as it stands once a decision moves it to {@code to} (nothing else changes). */
    public Order withStatus(OrderStatus to) {
        return new Order(id, type, to, playerId, amount, currency, gameName, paymentMethod, channel, conversationId,
                idempotencyKey, requestHash, proofSha256, createdByType, createdById, createdAt, updatedAt, approval,
                execution, rejection, voiding);
    }

    /** The provider idempotency key of an execution attempt. */
    public String providerKey(int attempt) {
        return id + ":" + attempt;
    }
}
