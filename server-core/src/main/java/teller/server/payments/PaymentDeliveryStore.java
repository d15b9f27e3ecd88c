package teller.server.payments;

/** Payment webhook deliveries, one row per (provider, charge). Joins the caller's transaction. */
public interface PaymentDeliveryStore {
    /**
     * Inserts the charge unless known, then locks its row for the rest of the transaction; returns
     * the row as it was before this delivery (with {@code created} true when it was just inserted).
     */
    Locked insertOrLock(String provider, String chargeId, String playerId, long amount, String currency,
                        ChargeStatus status);

    /** Records one more delivery: the new status, the order it credited (may stay null) and the last error. */
    PaymentDelivery update(long id, ChargeStatus status, Long orderId, boolean countDelivery, String lastError);

    record Locked(PaymentDelivery delivery, boolean created) {
    }
}
