package teller.server.payments;

/** A payment webhook's body as the provider sent it, before validation; every field may be missing or wrong. */
public record PaymentNotice(String chargeId, String playerId, Long amount, String currency, String status) {
}
