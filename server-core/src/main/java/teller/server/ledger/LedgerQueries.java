package teller.server.ledger;

import java.util.ArrayList;
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

    /** An entry of an account's statement with the account's balance (normal side, posted) right after it. */
    public record StatementLine(EntryView entry, long balanceAfter) {
    }

    /**
     * The account's entries, newest first, each with the running balance after it: the posted
     * balance on the account's normal side counting only entries of POSTED transactions (a hold
     * that is still PENDING, or was VOIDED, leaves it unchanged). Each page is read in one snapshot
     * and starts from the account's balance less what was posted at or after the cursor, so the
     * figures are right on every page without trusting anything the client sends back
     * (decision 0117).
     */
    public Page<StatementLine> entries(long accountId, String cursor, int limit) {
        return tx.snapshot(() -> {
            AccountView account = ledger.account(accountId)
                    .orElseThrow(() -> new NotFoundException("account", String.valueOf(accountId)));
            int sign = account.type().normalSign();
            long running = account.balance() - sign * ledger.postedSumFrom(accountId, cursor);
            Page<EntryView> page = ledger.entries(accountId, cursor, limit);
            List<StatementLine> lines = new ArrayList<>(page.items().size());
            for (EntryView entry : page.items()) {
                lines.add(new StatementLine(entry, running));
                if (entry.status() == TransactionStatus.POSTED) {
                    running -= sign * entry.amount();
                }
            }
            return new Page<>(List.copyOf(lines), page.nextCursor());
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
