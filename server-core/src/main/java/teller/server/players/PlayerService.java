package teller.server.players;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.ConflictException;
import teller.server.common.InvalidInputException;
import teller.server.common.NotFoundException;
import teller.server.common.Transactor;
import teller.server.ledger.AccountCodes;
import teller.server.ledger.AccountType;
import teller.server.ledger.Ledger;
import teller.server.ledger.Money;

/** Registers players (each with a wallet that may never go below zero) and reads them back. */
public final class PlayerService {
    public static final int USERNAME_LENGTH_MAX = 64;
    private static final Pattern PLAYER_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final Transactor tx;
    private final PlayerStore players;
    private final Ledger ledger;
    private final AuditLog audit;

    public PlayerService(Transactor tx, PlayerStore players, Ledger ledger, AuditLog audit) {
        this.tx = tx;
        this.players = players;
        this.ledger = ledger;
        this.audit = audit;
    }

    public record Registration(PlayerAccount account, boolean created) {
    }

    /**
     * Creates a player with a wallet. Idempotent: the same id (or, without an id, the same username)
     * returns the existing player; a clash of id and username with different players is a conflict.
     */
    public Registration register(String requestedId, String username, String currency, Actor actor) {
        if (username == null || username.isBlank()) {
            throw new InvalidInputException("username", "username is required");
        }
        if (username.length() > USERNAME_LENGTH_MAX) {
            throw new InvalidInputException("username", "username is longer than " + USERNAME_LENGTH_MAX + " characters");
        }
        if (!Money.isCurrency(currency)) {
            throw new InvalidInputException("currency", "currency must be an ISO 4217 code such as USD");
        }
        if (requestedId != null && !PLAYER_ID.matcher(requestedId).matches()) {
            throw new InvalidInputException("id", "id must be 1-64 letters, digits, '_', '.' or '-'");
        }
        String trimmed = username.trim();
        return tx.inTransaction(() -> {
            var existing = requestedId != null ? players.find(requestedId) : players.findByUsername(trimmed);
            if (existing.isPresent()) {
                return new Registration(sameOrConflict(existing.get(), trimmed, currency), false);
            }
            String id = requestedId != null ? requestedId : "p-" + UUID.randomUUID().toString().substring(0, 13);
            long wallet = ledger.openAccount(AccountCodes.wallet(id), AccountType.LIABILITY, currency, 0L, 1);
            var result = players.insertIfAbsent(id, trimmed, currency, wallet);
            if (!result.created()) {
                return new Registration(sameOrConflict(result.player(), trimmed, currency), false);
            }
            audit.append(AuditEvent.success(actor, "PLAYER_CREATE", "PLAYER", id,
                    Map.of("username", trimmed, "currency", currency)));
            return new Registration(withWallet(result.player()), true);
        });
    }

    private PlayerAccount sameOrConflict(Player player, String username, String currency) {
        if (!player.username().equals(username) || !player.currency().equals(currency)) {
            throw new ConflictException("PLAYER_EXISTS",
                    "a different player already uses this id or username", Map.of("playerId", player.id()));
        }
        return withWallet(player);
    }

    public PlayerAccount get(String id) {
        return tx.read(() -> withWallet(players.find(id).orElseThrow(() -> new NotFoundException("player", id))));
    }

    /** Players whose id or username matches, with their wallets: those that start with the text first (decision 0215). */
    public teller.server.common.Page<PlayerAccount> search(PlayerSearch search, String cursor, int limit) {
        String text = search.text() == null ? null : search.text().trim();
        if (text != null && text.length() > PlayerSearch.TEXT_LENGTH_MAX) {
            throw new InvalidInputException("search", "search is longer than " + PlayerSearch.TEXT_LENGTH_MAX + " characters");
        }
        PlayerSearch cleaned = new PlayerSearch(text == null || text.isEmpty() ? null : text, search.kyc(), search.status());
        return tx.read(() -> players.search(cleaned, cursor, limit));
    }

    private PlayerAccount withWallet(Player player) {
        var wallet = ledger.account(player.walletAccountId())
                .orElseThrow(() -> new IllegalStateException("player " + player.id() + " has no wallet account"));
        return new PlayerAccount(player, wallet);
    }

}
