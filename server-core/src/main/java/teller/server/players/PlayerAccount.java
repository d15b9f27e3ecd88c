package teller.server.players;

import teller.server.ledger.AccountView;

/** A player with the wallet balances the player sees: {@code balance} and {@code available}. */
public record PlayerAccount(Player player, AccountView wallet) {
    public long balance() {
        return wallet.balance();
    }

    public long available() {
        return wallet.available();
    }
}
