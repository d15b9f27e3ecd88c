package teller.server.ledger;

import java.util.List;
import java.util.Optional;
import teller.server.common.Page;

/**
 * The double-entry ledger. Writes take part in the caller's transaction; invariants are enforced
 * by the database and re-checked by {@link #verify()}.
 */
public interface Ledger {
    /** Opens the account if its code is new; returns its id either way. */
    long openAccount(String code, AccountType type, String currency, Long lowerBound, int buckets);

    Optional<AccountView> account(String code);

    /** The ids of the accounts with these codes, by code, in one query; codes with no account are absent. */
    java.util.Map<String, Long> accountIds(java.util.Collection<String> codes);

    Optional<AccountView> account(long id);

    /** Accounts whose code starts with {@code codePrefix}, in id order, one keyset page at a time. */
    Page<AccountView> accounts(String codePrefix, String cursor, int limit);

    /** Records a transfer, posted at once or held. Idempotent on the request's key. */
    TransferResult transfer(TransferRequest request);

    /** Posts ({@code commit}) or voids a pending transaction. Finalizing twice the same way is a no-op. */
    TransactionStatus finalizePending(long transactionId, boolean commit);

    Optional<TransactionView> transaction(long id);

    List<Long> transactionIdsOfOrder(long orderId);

    Page<EntryView> entries(long accountId, String cursor, int limit);

    /**
     * The sum (ledger sign) of the account's entries of POSTED transactions that come at or after
     * the entry a page {@code cursor} of {@link #entries} names; 0 for the first page (null cursor).
     */
    long postedSumFrom(long accountId, String cursor);

    /** Re-checks every invariant over the whole ledger. */
    LedgerVerification verify();
}
