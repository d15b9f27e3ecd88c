package teller.server.payments;

/**
 * What a provider says about a charge, in rank order: a delivery never moves a charge to a lower
 * rank, so the stored status is the highest one ever delivered, whatever the order of arrival
 * (decision 0036). Only SUCCEEDED credits the wallet.
 */
public enum ChargeStatus {
    PENDING, FAILED, CANCELED, SUCCEEDED, REFUNDED;

    public ChargeStatus max(ChargeStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
