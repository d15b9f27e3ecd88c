package teller.server.players;

import java.util.Optional;

public interface PlayerStore {
    /** Inserts the player unless its id or username exists; returns the stored player and whether it was new. */
    Created insertIfAbsent(String id, String username, String currency, long walletAccountId);

    Optional<Player> find(String id);

    Optional<Player> findByUsername(String username);

    /** Players matching {@code search}, with their wallets, a page at a time (decision 0116). */
    teller.server.common.Page<PlayerAccount> search(PlayerSearch search, String cursor, int limit);

    record Created(Player player, boolean created) {
    }
}
