package teller.server.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import teller.server.common.Page;
import teller.server.ledger.AccountType;
import teller.server.ledger.AccountView;
import teller.server.ledger.Discrepancy;
import teller.server.ledger.EntryView;
import teller.server.ledger.Leg;
import teller.server.ledger.Ledger;
import teller.server.ledger.LedgerVerification;
import teller.server.ledger.TransactionStatus;
import teller.server.ledger.TransactionView;
import teller.server.ledger.TransferRequest;
import teller.server.ledger.TransferResult;

/** The ledger on PostgreSQL; postings go through the ledger_* functions of migration V1. */
public final class PgLedger implements Ledger {
    public static final int DISCREPANCIES_MAX = 1_000;

    static final RowMapper<AccountView> ACCOUNT = (rs, ctx) -> new AccountView(rs.getLong("id"),
            rs.getString("code"), AccountType.valueOf(rs.getString("type")), rs.getString("currency"),
            Rows.nullableLong(rs, "lower_bound"), rs.getLong("posted"), rs.getLong("pending_debits"),
            rs.getLong("pending_credits"));

    private static final RowMapper<EntryView> ENTRY = (rs, ctx) -> new EntryView(rs.getLong("id"),
            rs.getLong("transaction_id"), rs.getLong("account_id"), rs.getLong("amount"), rs.getString("kind"),
            TransactionStatus.valueOf(rs.getString("status")), Rows.nullableLong(rs, "order_id"),
            Rows.instant(rs, "created_at"));

    private final JdbiTransactor tx;

    public PgLedger(JdbiTransactor tx) {
        this.tx = tx;
    }

    private Handle h() {
        return tx.handle();
    }

    @Override
    public long openAccount(String code, AccountType type, String currency, Long lowerBound, int buckets) {
        Optional<Long> existing = h().createQuery("SELECT id FROM accounts WHERE code = :code")
                .bind("code", code).mapTo(Long.class).findOne();
        if (existing.isPresent()) {
            return existing.get();
        }
        return h().createQuery("SELECT ledger_open_account(:code, :type, :currency, :bound, :buckets)")
                .bind("code", code).bind("type", type.name()).bind("currency", currency)
                .bind("bound", lowerBound).bind("buckets", buckets)
                .mapTo(Long.class).one();
    }

    @Override
    public Optional<AccountView> account(String code) {
        return h().createQuery("SELECT * FROM account_totals WHERE code = :code").bind("code", code).map(ACCOUNT).findOne();
    }

    @Override
    public java.util.Map<String, Long> accountIds(java.util.Collection<String> codes) {
        java.util.Map<String, Long> ids = new java.util.HashMap<>();
        if (codes.isEmpty()) {
            return ids;
        }
        h().createQuery("SELECT code, id FROM accounts WHERE code = ANY (CAST(:codes AS text[]))")
                .bindArray("codes", String.class, new ArrayList<>(codes))
                .map((rs, ctx) -> java.util.Map.entry(rs.getString("code"), rs.getLong("id")))
                .forEach(e -> ids.put(e.getKey(), e.getValue()));
        return ids;
    }

    @Override
    public Optional<AccountView> account(long id) {
        return h().createQuery("SELECT * FROM account_totals WHERE id = :id").bind("id", id).map(ACCOUNT).findOne();
    }

    @Override
    public Page<AccountView> accounts(String codePrefix, String cursor, int limit) {
        Long after = Rows.afterId(cursor);
        List<AccountView> rows = h().createQuery("""
                        SELECT * FROM account_totals
                         WHERE code LIKE :prefix AND (CAST(:after AS bigint) IS NULL OR id > :after)
                         ORDER BY id LIMIT :limit""")
                .bind("prefix", escapeLike(codePrefix == null ? "" : codePrefix) + "%").bind("after", after)
                .bind("limit", limit + 1)
                .map(ACCOUNT).list();
        return page(rows, limit, AccountView::id);
    }

    @Override
    public TransferResult transfer(TransferRequest request) {
        List<Long> accounts = new ArrayList<>();
        List<Long> amounts = new ArrayList<>();
        for (Leg leg : request.legs()) {
            accounts.add(leg.accountId());
            amounts.add(leg.amount());
        }
        return h().createQuery("""
                        SELECT transaction_id, created FROM ledger_transfer(:key, :kind, :orderId, :currency,
                            CAST(:accounts AS bigint[]), CAST(:amounts AS bigint[]), :pending, CAST(:metadata AS jsonb), :reverses)""")
                .bind("key", request.idempotencyKey()).bind("kind", request.kind()).bind("orderId", request.orderId())
                .bind("currency", request.currency())
                .bindArray("accounts", Long.class, accounts).bindArray("amounts", Long.class, amounts)
                .bind("pending", request.pending()).bind("metadata", Rows.json(request.metadata()))
                .bind("reverses", request.reversesTransactionId())
                .map((rs, ctx) -> new TransferResult(rs.getLong("transaction_id"), rs.getBoolean("created")))
                .one();
    }

    @Override
    public TransactionStatus finalizePending(long transactionId, boolean commit) {
        String status = h().createQuery("SELECT ledger_finalize(:id, :commit)")
                .bind("id", transactionId).bind("commit", commit).mapTo(String.class).one();
        return TransactionStatus.valueOf(status);
    }

    @Override
    public Optional<TransactionView> transaction(long id) {
        List<TransactionView.Entry> entries = h().createQuery("""
                        SELECT e.id, e.account_id, a.code, e.amount FROM ledger_entries e
                        JOIN accounts a ON a.id = e.account_id WHERE e.transaction_id = :id ORDER BY e.id""")
                .bind("id", id)
                .map((rs, ctx) -> new TransactionView.Entry(rs.getLong("id"), rs.getLong("account_id"),
                        rs.getString("code"), rs.getLong("amount")))
                .list();
        return h().createQuery("SELECT * FROM ledger_transactions WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> transactionView(rs, entries)).findOne();
    }

    private static TransactionView transactionView(ResultSet rs, List<TransactionView.Entry> entries) throws SQLException {
        return new TransactionView(rs.getLong("id"), rs.getString("idempotency_key"), rs.getString("kind"),
                Rows.nullableLong(rs, "order_id"), TransactionStatus.valueOf(rs.getString("status")),
                rs.getString("currency"), Rows.nullableLong(rs, "reverses_id"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "finalized_at"), rs.getString("integrity_hash"), entries);
    }

    @Override
    public List<Long> transactionIdsOfOrder(long orderId) {
        return h().createQuery("SELECT id FROM ledger_transactions WHERE order_id = :id ORDER BY id")
                .bind("id", orderId).mapTo(Long.class).list();
    }

    @Override
    public Page<EntryView> entries(long accountId, String cursor, int limit) {
        Long after = Rows.afterId(cursor);
        List<EntryView> rows = h().createQuery("""
                        SELECT e.id, e.transaction_id, e.account_id, e.amount, t.kind, t.status, t.order_id, t.created_at
                          FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
                         WHERE e.account_id = :account AND (CAST(:after AS bigint) IS NULL OR e.id < :after)
                         ORDER BY e.id DESC LIMIT :limit""")
                .bind("account", accountId).bind("after", after).bind("limit", limit + 1)
                .map(ENTRY).list();
        return page(rows, limit, EntryView::id);
    }

    @Override
    public long postedSumFrom(long accountId, String cursor) {
        Long from = Rows.afterId(cursor);
        if (from == null) {
            return 0L;
        }
        return h().createQuery("""
                        SELECT coalesce(sum(e.amount), 0) FROM ledger_entries e
                          JOIN ledger_transactions t ON t.id = e.transaction_id
                         WHERE e.account_id = :account AND e.id >= :from AND t.status = 'POSTED'""")
                .bind("account", accountId).bind("from", from).mapTo(Long.class).one();
    }

    static <T> Page<T> page(List<T> rows, int limit, java.util.function.ToLongFunction<T> id) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), Rows.cursor(id.applyAsLong(items.get(limit - 1))));
    }

    @Override
    public LedgerVerification verify() {
        List<Discrepancy> found = new ArrayList<>();
        Handle h = h();
        found.addAll(h.createQuery("""
                        WITH sums AS (
                            SELECT e.account_id, e.bucket,
                                   coalesce(sum(e.amount) FILTER (WHERE t.status = 'POSTED'), 0) AS posted,
                                   coalesce(sum(e.amount) FILTER (WHERE t.status = 'PENDING' AND e.amount > 0), 0) AS pd,
                                   coalesce(-sum(e.amount) FILTER (WHERE t.status = 'PENDING' AND e.amount < 0), 0) AS pc
                              FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
                             GROUP BY e.account_id, e.bucket)
                        SELECT coalesce(b.account_id, s.account_id) AS account_id, coalesce(b.bucket, s.bucket) AS bucket,
                               a.code, b.posted, b.pending_debits, b.pending_credits,
                               coalesce(s.posted, 0) AS e_posted, coalesce(s.pd, 0) AS e_pd, coalesce(s.pc, 0) AS e_pc
                          FROM account_balances b
                          FULL JOIN sums s ON s.account_id = b.account_id AND s.bucket = b.bucket
                          LEFT JOIN accounts a ON a.id = coalesce(b.account_id, s.account_id)
                         WHERE b.account_id IS NULL OR b.posted <> coalesce(s.posted, 0)
                            OR b.pending_debits <> coalesce(s.pd, 0) OR b.pending_credits <> coalesce(s.pc, 0)
                         LIMIT :max""")
                .bind("max", DISCREPANCIES_MAX)
                .map((rs, ctx) -> new Discrepancy("BALANCE_MISMATCH",
                        "account " + rs.getString("code") + " bucket " + rs.getInt("bucket"),
                        "posted=" + rs.getLong("e_posted") + " pendingDebits=" + rs.getLong("e_pd") + " pendingCredits=" + rs.getLong("e_pc"),
                        rs.getObject("posted") == null ? "no balance row"
                                : "posted=" + rs.getLong("posted") + " pendingDebits=" + rs.getLong("pending_debits")
                                + " pendingCredits=" + rs.getLong("pending_credits"),
                        "stored balance differs from the sum of its entries; find the writer that bypassed ledger_apply"))
                .list());
        found.addAll(h.createQuery("""
                        SELECT t.id, coalesce(sum(e.amount), 0) AS total, count(e.id) AS entries
                          FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
                         GROUP BY t.id HAVING coalesce(sum(e.amount), 0) <> 0 OR count(e.id) < 2 LIMIT :max""")
                .bind("max", DISCREPANCIES_MAX)
                .map((rs, ctx) -> new Discrepancy("UNBALANCED_TRANSACTION", "transaction " + rs.getLong("id"),
                        "entries summing to 0 (at least 2)",
                        rs.getLong("entries") + " entries summing to " + rs.getLong("total"),
                        "a transaction's entries must sum to zero; post a correcting transaction"))
                .list());
        found.addAll(h.createQuery("""
                        SELECT t.id FROM ledger_transactions t
                          JOIN (SELECT transaction_id, array_agg(account_id) AS a, array_agg(amount) AS m
                                  FROM ledger_entries GROUP BY transaction_id) e ON e.transaction_id = t.id
                         WHERE ledger_integrity_hash(t.idempotency_key, t.kind, t.order_id, t.currency, e.a, e.m)
                               <> t.integrity_hash
                         LIMIT :max""")
                .bind("max", DISCREPANCIES_MAX)
                .map((rs, ctx) -> new Discrepancy("INTEGRITY_HASH_MISMATCH", "transaction " + rs.getLong("id"),
                        "stored hash of its entries", "hash differs",
                        "the transaction or its entries were altered after posting; restore from backup and investigate"))
                .list());
        found.addAll(h.createQuery("""
                        SELECT a.code, t.available, t.lower_bound FROM (
                            SELECT id, lower_bound, CASE WHEN normal_sign = 1 THEN posted - pending_credits
                                                         ELSE -posted - pending_debits END AS available
                              FROM account_totals WHERE lower_bound IS NOT NULL) t
                          JOIN accounts a ON a.id = t.id
                         WHERE t.available < t.lower_bound LIMIT :max""")
                .bind("max", DISCREPANCIES_MAX)
                .map((rs, ctx) -> new Discrepancy("BELOW_LOWER_BOUND", "account " + rs.getString("code"),
                        ">= " + rs.getLong("lower_bound"), String.valueOf(rs.getLong("available")),
                        "a bounded account went below its bound; reverse the offending transaction"))
                .list());
        found.addAll(keyAndOrderDiscrepancies(h));
        long transactions = h.createQuery("SELECT count(*) FROM ledger_transactions").mapTo(Long.class).one();
        long accounts = h.createQuery("SELECT count(*) FROM accounts").mapTo(Long.class).one();
        List<Discrepancy> limited = found.size() > DISCREPANCIES_MAX ? found.subList(0, DISCREPANCIES_MAX) : found;
        return new LedgerVerification(found.isEmpty(), transactions, accounts, List.copyOf(limited));
    }

    /**
     * Invariant 5 (one key, one transaction) re-checked without trusting the unique index, and every
     * order's ledger transactions against its status: holds only while EXECUTING, exactly one posting
     * once executed (never two: that would be a double execution), a reversal once voided.
     */
    private static List<Discrepancy> keyAndOrderDiscrepancies(Handle h) {
        List<Discrepancy> found = new ArrayList<>();
        found.addAll(h.createQuery("""
                        SELECT idempotency_key, count(*) AS n FROM ledger_transactions
                         GROUP BY idempotency_key HAVING count(*) > 1 LIMIT :max""")
                .bind("max", DISCREPANCIES_MAX)
                .map((rs, ctx) -> new Discrepancy("DUPLICATE_IDEMPOTENCY_KEY", "key " + rs.getString("idempotency_key"),
                        "1 transaction", rs.getLong("n") + " transactions",
                        "one idempotency key must name one transaction; the unique constraint was bypassed"))
                .list());
        found.addAll(h.createQuery("""
                        SELECT t.id, t.order_id, o.status, o.hold_transaction_id FROM ledger_transactions t
                          JOIN orders o ON o.id = t.order_id
                         WHERE t.status = 'PENDING'
                           AND (o.status <> 'EXECUTING' OR o.hold_transaction_id IS DISTINCT FROM t.id)
                         LIMIT :max""")
                .bind("max", DISCREPANCIES_MAX)
                .map((rs, ctx) -> new Discrepancy("STRANDED_HOLD", "transaction " + rs.getLong("id"),
                        "a pending hold only for the current attempt of an EXECUTING order",
                        "order " + rs.getLong("order_id") + " is " + rs.getString("status"),
                        "the hold keeps funds reserved that no execution will settle; void it"))
                .list());
        found.addAll(h.createQuery("""
                        SELECT order_id, count(*) AS n FROM ledger_transactions
                         WHERE order_id IS NOT NULL AND status = 'POSTED' AND reverses_id IS NULL
                         GROUP BY order_id HAVING count(*) > 1 LIMIT :max""")
                .bind("max", DISCREPANCIES_MAX)
                .map((rs, ctx) -> new Discrepancy("ORDER_POSTED_TWICE", "order " + rs.getLong("order_id"),
                        "at most 1 posted transaction", rs.getLong("n") + " posted transactions",
                        "the order moved money more than once; reverse the extra posting"))
                .list());
        found.addAll(h.createQuery("""
                        SELECT o.id, o.status, p.status AS posting_status, r.status AS reversal_status,
                               (r.reverses_id IS DISTINCT FROM o.posting_transaction_id) AS reversal_elsewhere
                          FROM orders o
                          LEFT JOIN ledger_transactions p ON p.id = o.posting_transaction_id AND p.order_id = o.id
                          LEFT JOIN ledger_transactions r ON r.id = o.reversal_transaction_id AND r.order_id = o.id
                         WHERE (o.status IN ('APPROVED_EXECUTED', 'VOIDED') AND p.status IS DISTINCT FROM 'POSTED')
                            OR (o.status = 'VOIDED' AND (r.status IS DISTINCT FROM 'POSTED'
                                                         OR r.reverses_id IS DISTINCT FROM o.posting_transaction_id))
                            OR (o.status NOT IN ('APPROVED_EXECUTED', 'VOIDED')
                                AND EXISTS (SELECT 1 FROM ledger_transactions x WHERE x.order_id = o.id AND x.status = 'POSTED'))
                         LIMIT :max""")
                .bind("max", DISCREPANCIES_MAX)
                .map((rs, ctx) -> {
                    String status = rs.getString("status");
                    boolean executed = status.equals("APPROVED_EXECUTED") || status.equals("VOIDED");
                    String actual = !executed ? "a posted transaction"
                            : !"POSTED".equals(rs.getString("posting_status")) ? "no posted posting transaction"
                            : "reversal " + (rs.getString("reversal_status") == null ? "missing" : rs.getString("reversal_status")
                                    + (rs.getBoolean("reversal_elsewhere") ? " of another transaction" : ""));
                    String expected = !executed ? "no posted transaction while " + status
                            : status.equals("VOIDED") ? "a posted posting and a posted reversal of it" : "a posted posting";
                    return new Discrepancy("ORDER_LEDGER_MISMATCH", "order " + rs.getLong("id") + " (" + status + ")",
                            expected, actual, "the order's status and its ledger transactions disagree; investigate before correcting either");
                })
                .list());
        return found;
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
