package teller.server.orders;

/** An order as a client submits it, before validation; every field may be missing or wrong. */
public record IntakeRequest(String type, String playerId, Long amount, String currency, String gameName,
                            String paymentMethod, String channel, String conversationId, String proofImageBase64) {
}
