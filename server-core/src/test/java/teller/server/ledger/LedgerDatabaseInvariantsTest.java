package teller.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.server.provider.ProviderKind;
import teller.server.support.CountingProvider;
import teller.server.support.DomainGraph;
import teller.server.support.Refusals;

/**
 * The ledger invariants of DESIGN.md are enforced by PostgreSQL itself, not only by the Java code
 * that normally writes the ledger: these tests write raw SQL as the database superuser would and
 * check that the database refuses, and that {@code verify} notices what only a superuser can plant.
 */
class LedgerDatabaseInvariantsTest {
    private DomainGraph graph;
    private long cash;
    private long wallet;

    @BeforeEach
    void freshLedger() {
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, new CountingProvider(ProviderKind.GAME_LOAD),
                ProviderKind.PAYOUT, new CountingProvider(ProviderKind.PAYOUT)));
        graph.player("alice", "USD");
        cash = graph.tx.inTransaction(() -> graph.ledgerStore.openAccount(AccountCodes.houseCash("USD"), AccountType.ASSET,
                "USD", null, AccountCodes.HOT_ACCOUNT_BUCKETS));
        wallet = graph.tx.read(() -> graph.ledgerStore.account(AccountCodes.wallet("alice")).orElseThrow().id());
    }

    @AfterEach
    void close() {
        graph.close();
    }

    private TransferResult transfer(String key, long from, long to, long amount, boolean pending) {
        return graph.tx.inTransaction(() -> graph.ledgerStore.transfer(new TransferRequest(key, "TEST", null, "USD",
                List.of(Leg.debit(from, amount), Leg.credit(to, amount)), pending, Map.of(), null)));
    }

    private AccountView account(long id) {
        return graph.tx.read(() -> graph.ledgerStore.account(id).orElseThrow());
    }

    private LedgerVerification verify() {
        return graph.ledger.verify();
    }

    private String refusal(java.util.function.Consumer<Handle> work) {
        return Refusals.of(graph.jdbi(), work);
    }

    private static long insertRawTransaction(Handle h, String key, String status) {
        return h.createQuery("""
                        INSERT INTO ledger_transactions (idempotency_key, kind, status, currency, finalized_at, integrity_hash)
                        VALUES (:key, 'RAW', :status, 'USD', CASE WHEN :status = 'PENDING' THEN NULL ELSE now() END, 'raw')
                        RETURNING id""")
                .bind("key", key).bind("status", status).mapTo(Long.class).one();
    }

    private static void insertRawEntry(Handle h, long transactionId, long accountId, long amount) {
        h.createUpdate("INSERT INTO ledger_entries (transaction_id, account_id, bucket, amount) VALUES (:t, :a, 0, :m)")
                .bind("t", transactionId).bind("a", accountId).bind("m", amount).execute();
    }

    // ------------------------------------------------------------------ invariant 1: zero sum

    @Test
    void unbalancedTransactionIsRefusedAtCommit() {
        String message = refusal(h -> {
            long id = insertRawTransaction(h, "raw:unbalanced", "POSTED");
            insertRawEntry(h, id, cash, 100);
            insertRawEntry(h, id, wallet, -99);
        });
        assertThat(message).contains("LEDGER_UNBALANCED").contains("summing to 1");
        assertThat(graph.count("SELECT count(*) FROM ledger_transactions WHERE idempotency_key = 'raw:unbalanced'")).isZero();
    }

    @Test
    void transactionWithASingleEntryOrNoneIsRefusedAtCommit() {
        assertThat(refusal(h -> insertRawTransaction(h, "raw:empty", "POSTED"))).contains("LEDGER_UNBALANCED");
        assertThat(refusal(h -> {
            long id = insertRawTransaction(h, "raw:one-leg", "POSTED");
            insertRawEntry(h, id, cash, 1);
        })).contains("LEDGER_UNBALANCED");
    }

    @Test
    void balanceIsCheckedAtCommitNotAfterEachEntry() {
        // Deferred: a transaction may be written entry by entry, as long as it balances at commit.
        graph.jdbi().useTransaction(h -> {
            long id = insertRawTransaction(h, "raw:balanced", "PENDING");
            insertRawEntry(h, id, cash, 40);
            insertRawEntry(h, id, cash, 60);
            insertRawEntry(h, id, wallet, -100);
        });
        assertThat(graph.count("SELECT count(*) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id"
                + " WHERE t.idempotency_key = 'raw:balanced'")).isEqualTo(3);
    }

    @Test
    void entriesOfAnotherCurrencyAreRefused() {
        long euroCash = graph.tx.inTransaction(() -> graph.ledgerStore.openAccount(AccountCodes.houseCash("EUR"),
                AccountType.ASSET, "EUR", null, 1));
        assertThat(refusal(h -> {
            long id = insertRawTransaction(h, "raw:currency", "PENDING");
            insertRawEntry(h, id, euroCash, 10);
            insertRawEntry(h, id, wallet, -10);
        })).contains("LEDGER_CURRENCY_MISMATCH");
    }

    // ------------------------------------------------------------------ invariant 3: immutability

    @Test
    void postedEntriesCannotBeUpdatedDeletedOrTruncated() {
        long id = transfer("t:immutable", cash, wallet, 500, false).transactionId();
        assertThat(refusal(h -> h.execute("UPDATE ledger_entries SET amount = amount * 2 WHERE transaction_id = ?", id)))
                .contains("LEDGER_IMMUTABLE");
        assertThat(refusal(h -> h.execute("DELETE FROM ledger_entries WHERE transaction_id = ?", id)))
                .contains("LEDGER_IMMUTABLE");
        assertThat(refusal(h -> h.execute("TRUNCATE ledger_entries CASCADE"))).contains("LEDGER_IMMUTABLE");
        assertThat(refusal(h -> h.execute("DELETE FROM ledger_transactions WHERE id = ?", id))).contains("LEDGER_IMMUTABLE");
        assertThat(graph.count("SELECT count(*) FROM ledger_entries WHERE transaction_id = ? AND abs(amount) = 500", id))
                .isEqualTo(2);
        assertThat(verify().balanced()).isTrue();
    }

    @Test
    void transactionMovesOnlyFromPendingToPostedOrVoided() {
        long posted = transfer("t:posted", cash, wallet, 300, false).transactionId();
        long pending = transfer("t:pending", wallet, cash, 100, true).transactionId();

        assertThat(refusal(h -> h.execute("UPDATE ledger_transactions SET status = 'VOIDED' WHERE id = ?", posted)))
                .contains("LEDGER_IMMUTABLE").contains("PENDING to POSTED or VOIDED");
        assertThat(refusal(h -> h.execute(
                "UPDATE ledger_transactions SET status = 'PENDING', finalized_at = NULL WHERE id = ?", posted)))
                .contains("LEDGER_IMMUTABLE");
        assertThat(refusal(h -> h.execute("UPDATE ledger_transactions SET metadata = '{\"x\":1}' WHERE id = ?", pending)))
                .contains("LEDGER_IMMUTABLE");
        assertThat(refusal(h -> h.execute("UPDATE ledger_transactions SET kind = 'OTHER' WHERE id = ?", pending)))
                .contains("LEDGER_IMMUTABLE");

        assertThat(graph.tx.inTransaction(() -> graph.ledgerStore.finalizePending(pending, false)))
                .isEqualTo(TransactionStatus.VOIDED);
        assertThat(refusal(h -> h.execute("UPDATE ledger_transactions SET status = 'POSTED' WHERE id = ?", pending)))
                .contains("LEDGER_IMMUTABLE");
        assertThatThrownBy(() -> graph.tx.inTransaction(() -> graph.ledgerStore.finalizePending(pending, true)))
                .hasStackTraceContaining("LEDGER_ALREADY_FINALIZED");
        // Finalizing again the same way is a harmless no-op.
        assertThat(graph.tx.inTransaction(() -> graph.ledgerStore.finalizePending(pending, false)))
                .isEqualTo(TransactionStatus.VOIDED);
        assertThat(verify().balanced()).isTrue();
    }

    // ------------------------------------------------------------------ invariant 4: bounds and holds

    @Test
    void walletCannotGoBelowZero() {
        assertThatThrownBy(() -> transfer("t:overdraw", wallet, cash, 1, false))
                .isInstanceOf(InsufficientFundsException.class);
        assertThat(refusal(h -> h.execute("UPDATE account_balances SET posted = 1 WHERE account_id = ?", wallet)))
                .contains("account_balances_available_ck");
        transfer("t:fund", cash, wallet, 1_000, false);
        assertThatThrownBy(() -> transfer("t:overdraw-2", wallet, cash, 1_001, false))
                .isInstanceOf(InsufficientFundsException.class);
        transfer("t:spend-all", wallet, cash, 1_000, false);
        assertThat(account(wallet).balance()).isZero();
        assertThat(verify().balanced()).isTrue();
    }

    @Test
    void holdsCountAgainstAvailableUntilPostedOrVoided() {
        transfer("t:fund", cash, wallet, 100, false);
        long first = transfer("t:hold-70", wallet, cash, 70, true).transactionId();
        AccountView held = account(wallet);
        assertThat(held.balance()).isEqualTo(100);
        assertThat(held.available()).isEqualTo(30);

        assertThatThrownBy(() -> transfer("t:hold-40", wallet, cash, 40, true))
                .isInstanceOf(InsufficientFundsException.class);
        assertThatThrownBy(() -> transfer("t:spend-40", wallet, cash, 40, false))
                .isInstanceOf(InsufficientFundsException.class);

        graph.tx.inTransaction(() -> graph.ledgerStore.finalizePending(first, false));
        assertThat(account(wallet).available()).isEqualTo(100);

        long second = transfer("t:hold-40-again", wallet, cash, 40, true).transactionId();
        graph.tx.inTransaction(() -> graph.ledgerStore.finalizePending(second, true));
        AccountView after = account(wallet);
        assertThat(after.balance()).isEqualTo(60);
        assertThat(after.available()).isEqualTo(60);
        assertThat(after.held()).isZero();
        assertThat(verify().balanced()).as(verify().discrepancies().toString()).isTrue();
    }

    // ------------------------------------------------------------------ invariant 5: one key, one transaction

    @Test
    void duplicateIdempotencyKeyIsRefusedByTheDatabase() {
        transfer("t:once", cash, wallet, 250, false);
        assertThat(refusal(h -> {
            long id = insertRawTransaction(h, "t:once", "POSTED");
            insertRawEntry(h, id, cash, 1);
            insertRawEntry(h, id, wallet, -1);
        })).contains("ledger_transactions_idempotency_key_uq");

        TransferResult again = transfer("t:once", cash, wallet, 250, false);
        assertThat(again.created()).isFalse();
        assertThat(account(wallet).balance()).isEqualTo(250);

        assertThatThrownBy(() -> transfer("t:once", cash, wallet, 999, false)).hasStackTraceContaining("LEDGER_KEY_REUSED");
        assertThat(account(wallet).balance()).isEqualTo(250);
    }

    @Test
    void oneKeySubmittedConcurrentlyMakesOneTransaction() throws Exception {
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        List<Future<Boolean>> created = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                created.add(pool.submit(() -> {
                    start.await();
                    TransferResult result = transfer("t:concurrent", cash, wallet, 77, false);
                    ids.add(result.transactionId());
                    return result.created();
                }));
            }
            start.countDown();
            int firsts = 0;
            for (Future<Boolean> f : created) {
                firsts += f.get() ? 1 : 0;
            }
            assertThat(firsts).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(1);
        assertThat(account(wallet).balance()).isEqualTo(77);
        assertThat(verify().balanced()).isTrue();
    }

    // ------------------------------------------------------------------ verify finds what only a superuser can plant

    @Test
    void verifyReportsStoredBalanceDriftWithTheAccountAndBothFigures() {
        transfer("t:fund", cash, wallet, 1_000, false);
        assertThat(verify().balanced()).isTrue();
        // account_balances has no trigger: the CHECK is the only guard, so a raw update can drift it.
        graph.jdbi().useHandle(h -> h.execute("UPDATE account_balances SET posted = posted - 5 WHERE account_id = ?", wallet));

        LedgerVerification result = verify();
        assertThat(result.balanced()).isFalse();
        assertThat(result.discrepancies()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("BALANCE_MISMATCH");
            assertThat(d.subject()).isEqualTo("account player:alice:wallet bucket 0");
            assertThat(d.expected()).contains("posted=-1000");
            assertThat(d.actual()).contains("posted=-1005");
            assertThat(d.message()).isNotBlank();
        });
    }

    @Test
    void verifyReportsAnEntryAlteredWithTriggersSwitchedOff() {
        long id = transfer("t:fund", cash, wallet, 1_000, false).transactionId();
        graph.jdbi().useTransaction(h -> {
            h.execute("SET LOCAL session_replication_role = replica");
            h.execute("UPDATE ledger_entries SET amount = -900 WHERE transaction_id = ? AND amount < 0", id);
        });
        LedgerVerification result = verify();
        assertThat(result.balanced()).isFalse();
        assertThat(result.discrepancies()).extracting(Discrepancy::kind)
                .contains("UNBALANCED_TRANSACTION", "INTEGRITY_HASH_MISMATCH", "BALANCE_MISMATCH");
        assertThat(result.discrepancies()).filteredOn(d -> d.kind().equals("UNBALANCED_TRANSACTION")).singleElement()
                .satisfies(d -> {
                    assertThat(d.subject()).isEqualTo("transaction " + id);
                    assertThat(d.actual()).isEqualTo("2 entries summing to 100");
                });
    }

    @Test
    void verifyReportsAHoldPostedBehindTheLedgersBack() {
        transfer("t:fund", cash, wallet, 100, false);
        long hold = transfer("t:hold", wallet, cash, 60, true).transactionId();
        // The status guard allows PENDING -> POSTED, but only ledger_finalize moves the balances too.
        graph.jdbi().useHandle(h -> h.execute(
                "UPDATE ledger_transactions SET status = 'POSTED', finalized_at = now() WHERE id = ?", hold));
        LedgerVerification result = verify();
        assertThat(result.balanced()).isFalse();
        assertThat(result.discrepancies()).extracting(Discrepancy::kind).containsOnly("BALANCE_MISMATCH");
        assertThat(result.discrepancies()).extracting(Discrepancy::subject).contains("account player:alice:wallet bucket 0");
    }

    @Test
    void verifyReportsAWalletPushedBelowItsBoundWithChecksOff() {
        transfer("t:fund", cash, wallet, 100, false);
        graph.jdbi().useTransaction(h -> {
            h.execute("SET LOCAL session_replication_role = replica");
            h.execute("ALTER TABLE account_balances DROP CONSTRAINT account_balances_available_ck");
            long id = insertRawTransaction(h, "raw:overdraw", "POSTED");
            insertRawEntry(h, id, wallet, 150);
            insertRawEntry(h, id, cash, -150);
            h.execute("UPDATE account_balances SET posted = posted + 150 WHERE account_id = ?", wallet);
            h.execute("UPDATE account_balances SET posted = posted - 150 WHERE account_id = ? AND bucket = 0", cash);
        });
        LedgerVerification result = verify();
        assertThat(result.discrepancies()).extracting(Discrepancy::kind).contains("BELOW_LOWER_BOUND");
        assertThat(result.discrepancies()).filteredOn(d -> d.kind().equals("BELOW_LOWER_BOUND")).singleElement()
                .satisfies(d -> {
                    assertThat(d.subject()).isEqualTo("account player:alice:wallet");
                    assertThat(d.actual()).isEqualTo("-50");
                });
    }
}
