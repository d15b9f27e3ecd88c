package teller.ui.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The player desk's endpoints: search ({@code GET /api/v1/players}), the card
 * ({@code GET /api/v1/players/{id}}), KYC and self-exclusion, referrals, and the wallet's
 * statement ({@code GET /api/v1/ledger/accounts/{id}/entries}, with the running balance).
 */
public final class PlayersApi {
    public static final int LIMIT_MAX = 500;

    private final TellerClient client;

    public PlayersApi(TellerClient client) {
        this.client = client;
    }

    /** A player as the search lists it. */
    public record Listed(String id, String username, String currency, String status, String kycStatus, long balance,
                         long available, String walletAccountId) {
    }

    public record Page(List<Listed> items, String nextCursor) {
        public Page {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    public record Exclusion(String type, Instant until, Boolean active) {
    }

    public record Limit(String rule, Long defaultValue, Long override, Long effective) {
    }

    /** The player card: {@code GET /api/v1/players/{id}}. */
    public record Card(String id, String username, String currency, String status, String kycStatus,
                       Exclusion exclusion, long balance, long available, long held, String walletAccountId,
                       Integer fraudScore, String fraudLevel, List<Limit> limits) {
        public Card {
            limits = limits == null ? List.of() : List.copyOf(limits);
        }
    }

    /** One line of a wallet's statement, newest first, with the posted balance right after it. */
    public record StatementLine(String id, String transactionId, long amount, String kind, String status,
                                String orderId, Instant createdAt, long balanceAfter) {
    }

    public record Statement(List<StatementLine> items, String nextCursor) {
        public Statement {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    /** What {@code GET /api/v1/players/{id}/referrals} says, as far as the card shows it. */
    public record Referrals(String referrerId, Long referredPlayers, String level, String percent,
                            List<Map<String, Object>> items) {
        public Referrals {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    public Page search(String text, String cursor, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("search", text == null || text.isBlank() ? null : text.trim());
        query.put("cursor", cursor);
        query.put("limit", String.valueOf(Math.min(limit, LIMIT_MAX)));
        return client.get("api/v1/players", query, Page.class);
    }

    public Card card(String playerId) {
        return client.get("api/v1/players/" + TellerClient.pathSegment(playerId), Map.of(), Card.class);
    }

    public Card setKyc(String playerId, String status) {
        return client.post("api/v1/players/" + TellerClient.pathSegment(playerId) + "/kyc", Map.of("status", status),
                Card.class);
    }

    /** {@code until} null for PERMANENT. The server refuses anything that would shorten an exclusion. */
    public Card setExclusion(String playerId, String type, Instant until) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        if (until != null) {
            body.put("until", until.toString());
        }
        return client.post("api/v1/players/" + TellerClient.pathSegment(playerId) + "/exclusion", body, Card.class);
    }

    /**
     * Replaces the player's limit overrides ({@code PUT /api/v1/players/{id}/limits}): rule name to a
     * whole number (minor units, or seconds for the cooldown); rules left out use their default.
     */
    public Card setLimits(String playerId, Map<String, Long> overrides) {
        return client.put("api/v1/players/" + TellerClient.pathSegment(playerId) + "/limits", overrides, Card.class);
    }

    public Referrals referrals(String playerId) {
        return client.get("api/v1/players/" + TellerClient.pathSegment(playerId) + "/referrals", Map.of(), Referrals.class);
    }

    public Statement statement(String accountId, String cursor, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("cursor", cursor);
        query.put("limit", String.valueOf(Math.min(limit, LIMIT_MAX)));
        return client.get("api/v1/ledger/accounts/" + TellerClient.pathSegment(accountId) + "/entries", query,
                Statement.class);
    }
}
