package teller.server.ledger;

/** One side of a transfer: a signed amount on an account (debit positive, credit negative). */
public record Leg(long accountId, long amount) {
    public Leg {
        if (amount == 0) {
            throw new IllegalArgumentException("a leg moves a non-zero amount");
        }
    }

    public static Leg debit(long accountId, long minor) {
        return new Leg(accountId, Math.abs(minor));
    }

    public static Leg credit(long accountId, long minor) {
        return new Leg(accountId, -Math.abs(minor));
    }
}
