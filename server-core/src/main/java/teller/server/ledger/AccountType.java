package teller.server.ledger;

/** Account classes; ASSET and EXPENSE are debit-normal, the others credit-normal. */
public enum AccountType {
    ASSET, LIABILITY, EQUITY, REVENUE, EXPENSE;

    /** +1 when a debit (positive entry) grows the account's balance, -1 when a credit does. */
    public int normalSign() {
        return this == ASSET || this == EXPENSE ? 1 : -1;
    }
}
