package teller.ui.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ledger's read endpoints: accounts, an account's statement, a transaction's legs, and verify. */
public final class LedgerApi {
    public static final int LIMIT_MAX = 500;

    private final TellerClient client;

    public LedgerApi(TellerClient client) {
        this.client = client;
    }

    public record Account(String id, String code, String type, String currency, long balance, long available,
                          long held, Long lowerBound) {
    }

    public record AccountPage(List<Account> items, String nextCursor) {
        public AccountPage {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    public record Leg(String id, String accountId, String accountCode, long amount) {
    }

    public record Transaction(String id, String idempotencyKey, String kind, String orderId, String status,
                              String currency, String reversesId, Instant createdAt, Instant finalizedAt,
                              List<Leg> entries) {
        public Transaction {
            entries = entries == null ? List.of() : List.copyOf(entries);
        }
    }

    public record Discrepancy(String kind, String subject, String expected, String actual, String message) {
    }

    public record Verification(boolean balanced, long transactionsChecked, long accountsChecked,
                               List<Discrepancy> discrepancies) {
        public Verification {
            discrepancies = discrepancies == null ? List.of() : List.copyOf(discrepancies);
        }
    }

    /** Accounts whose code starts with {@code codePrefix} (null or blank for all), in id order. */
    public AccountPage accounts(String codePrefix, String cursor, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("code", codePrefix == null || codePrefix.isBlank() ? null : codePrefix.trim());
        query.put("cursor", cursor);
        query.put("limit", String.valueOf(Math.min(limit, LIMIT_MAX)));
        return client.get("api/v1/ledger/accounts", query, AccountPage.class);
    }

    public PlayersApi.Statement entries(String accountId, String cursor, int limit) {
        return new PlayersApi(client).statement(accountId, cursor, limit);
    }

    public Transaction transaction(String id) {
        return client.get("api/v1/ledger/transactions/" + TellerClient.pathSegment(id), Map.of(), Transaction.class);
    }

    public Verification verify() {
        return client.get("api/v1/ledger/verify", Map.of(), Verification.class);
    }
}
