package teller.server.ledger;

import java.util.List;
import teller.server.common.NotFoundException;
import teller.server.common.Page;
import teller.server.common.Transactor;

/** Read side of the ledger, and its verification. */
public final class LedgerQueries {
    public static final int ACCOUNTS_LIMIT_MAX = 500;

    private final Transactor tx;
    private final Ledger ledger;

    public LedgerQueries(Transactor tx, Ledger ledger) {
        this.tx = tx;
        this.ledger = ledger;
    }

    /** Accounts of a player ({@code owner}) or whose code starts with {@code code}. */
    public Page<AccountView> accounts(String owner, String code, String cursor, int limit) {
        String prefix = owner != null ? "player:" + owner + ":" : code == null ? "" : code;
        return tx.read(() -> ledger.accounts(prefix, cursor, Math.min(limit, ACCOUNTS_LIMIT_MAX)));
    }

    public Page<EntryView> entries(long accountId, String cursor, int limit) {
        return tx.read(() -> {
            ledger.account(accountId).orElseThrow(() -> new NotFoundException("account", String.valueOf(accountId)));
            return ledger.entries(accountId, cursor, limit);
        });
    }

    public TransactionView transaction(long id) {
        return tx.read(() -> ledger.transaction(id))
                .orElseThrow(() -> new NotFoundException("transaction", String.valueOf(id)));
    }

    public LedgerVerification verify() {
        return tx.inTransaction(ledger::verify);
    }
}
