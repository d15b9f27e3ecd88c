package teller.server.ledger;

/**
 * An account with its balances summed over buckets. {@code posted}, {@code pendingDebits} and
 * {@code pendingCredits} use the ledger's sign convention; {@link #balance()} and
 * {@link #available()} are on the account's normal side (what a player sees for a wallet).
 */
public record AccountView(long id, String code, AccountType type, String currency, Long lowerBound,
                          long posted, long pendingDebits, long pendingCredits) {

    public long balance() {
        return type.normalSign() * posted;
    }

    /** Balance minus the holds that will reduce it. */
    public long available() {
        return balance() - (type.normalSign() == 1 ? pendingCredits : pendingDebits);
    }

    public long held() {
        return type.normalSign() == 1 ? pendingCredits : pendingDebits;
    }
}
