package teller.server.orders;

/** A validated order ready to insert. */
public record NewOrder(OrderType type, String playerId, long amount, String currency, String gameName,
                       String paymentMethod, Channel channel, String conversationId, String idempotencyKey,
                       String requestHash, String proofSha256, String createdByType, String createdById) {
}
