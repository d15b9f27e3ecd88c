package teller.server.referrals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.common.Actor;
import teller.server.common.ConflictException;
import teller.server.common.InvalidInputException;
import teller.server.common.Page;
import teller.server.db.PgPlayerStore;
import teller.server.db.PgReferralStore;
import teller.server.ledger.AccountCodes;
import teller.server.ledger.AccountType;
import teller.server.ledger.AccountView;
import teller.server.ledger.EntryView;
import teller.server.ledger.Ledger;
import teller.server.ledger.LedgerVerification;
import teller.server.ledger.TransactionStatus;
import teller.server.ledger.TransactionView;
import teller.server.ledger.TransferRequest;
import teller.server.ledger.TransferResult;
import teller.server.orders.OrderStatus;
import teller.server.support.DomainGraph;

/**
 * Referral rewards on the real services and PostgreSQL: amounts by level computed by hand, the
 * worker run twice and concurrently pays each reward once, self-referral and loops are refused, and
 * a reward whose posting fails leaves the deposit alone and is retried until it is paid.
 */
class ReferralRewardsTest {
    private static final Actor SUPERVISOR = DomainGraph.operator("sup-1");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    static DomainGraph graph;
    static FailingLedger ledger;
    static ReferralService referrals;

    @BeforeAll
    static void start() {
        graph = new DomainGraph(Map.of());
        ledger = new FailingLedger(graph.ledgerStore);
        // Levels from 1, 2 and 3 referred players, so that a test reaches all three with few players.
        ReferralSettings settings = ReferralSettings.defaults().withLevels(List.of(1, 2, 3), List.of(10, 25, 45))
                .withRetries(Duration.ofMillis(50), Duration.ofMillis(100), 5);
        referrals = new ReferralService(graph.tx, new PgReferralStore(graph.tx), new PgPlayerStore(graph.tx), ledger,
                graph.auditLog, settings);
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    @Test
    void rewardsAreTenTwentyFiveAndFortyFivePercentByTheReferrersLevel() {
        String referrer = player();
        String first = referredBy(referrer);
        graph.fund(first, 1_000);
        work();
        assertThat(balance(referrer)).as("level 1: 10 % of 1,000").isEqualTo(100);

        String second = referredBy(referrer);
        graph.fund(second, 999);
        work();
        assertThat(balance(referrer)).as("level 2: 25 % of 999 = 249.75, rounded down").isEqualTo(100 + 249);

        String third = referredBy(referrer);
        graph.fund(third, 2_000);
        graph.fund(first, 1_001);
        work();
        assertThat(balance(referrer)).as("level 3: 45 % of 2,000 and of 1,001 (450.45)")
                .isEqualTo(100 + 249 + 900 + 450);

        var standing = referrals.referrals(referrer, null, 50);
        assertThat(standing.referredPlayers()).isEqualTo(3);
        assertThat(standing.level()).isEqualTo(3);
        assertThat(standing.percent()).isEqualTo(45);
        assertThat(standing.rewards().items()).extracting(ReferralReward::amount).containsExactly(450L, 900L, 249L, 100L);
        assertThat(standing.rewards().items()).allSatisfy(r -> assertThat(r.status()).isEqualTo(ReferralReward.Status.GRANTED));
        assertThat(balance(first)).as("the buyer keeps its whole deposit").isEqualTo(2_001);
        long expense = graph.tx.read(() -> graph.ledgerStore.account(AccountCodes.referralRewards("USD"))).orElseThrow()
                .posted();
        assertThat(expense).isGreaterThanOrEqualTo(1_699);
        assertThat(graph.ledger.verify().balanced()).isTrue();
    }

    @Test
    void runningTheWorkerTwiceAndConcurrentlyPaysEachRewardOnce() throws Exception {
        String referrer = player();
        List<String> buyers = List.of(referredBy(referrer), referredBy(referrer));
        for (String buyer : buyers) {
            graph.fund(buyer, 10_000);
            graph.fund(buyer, 20_000);
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                runs.add(() -> referrals.scan() + referrals.grant());
            }
            for (Future<Integer> f : pool.invokeAll(runs)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        work();
        work();
        // Two referred players make level 2: 25 % of 10,000 and of 20,000, twice.
        assertThat(balance(referrer)).isEqualTo(2 * (2_500 + 5_000));
        assertThat(graph.count("SELECT count(*) FROM referral_rewards WHERE referrer_id = ?", referrer)).isEqualTo(4);
        assertThat(graph.count("""
                SELECT count(*) FROM ledger_transactions t JOIN referral_rewards r ON r.transaction_id = t.id
                 WHERE r.referrer_id = ?""", referrer)).isEqualTo(4);
        assertThat(graph.count("SELECT count(*) FROM ledger_transactions WHERE kind = 'REFERRAL_REWARD' "
                + "AND metadata->>'referrerId' = ?", referrer)).isEqualTo(4);
        assertThat(graph.ledger.verify().balanced()).isTrue();
    }

    @Test
    void selfReferralLoopsAndASecondReferrerAreRefused() {
        String a = player();
        String b = player();
        String c = player();
        assertRefused(() -> referrals.setReferrer(a, a, SUPERVISOR), "SELF_REFERRAL");
        referrals.setReferrer(b, a, SUPERVISOR);
        assertRefused(() -> referrals.setReferrer(a, b, SUPERVISOR), "REFERRAL_LOOP");
        referrals.setReferrer(c, b, SUPERVISOR);
        assertRefused(() -> referrals.setReferrer(a, c, SUPERVISOR), "REFERRAL_LOOP");
        assertRefused(() -> referrals.setReferrer(a, "nobody-" + SEQUENCE.incrementAndGet(), SUPERVISOR), "UNKNOWN_PLAYER");
        assertRefused(() -> referrals.setReferrer(a, " ", SUPERVISOR), "INVALID_INPUT");
        assertThat(referrals.setReferrer(c, b, SUPERVISOR).referrerId()).as("the same referrer again is a no-op").isEqualTo(b);
        assertThatThrownBy(() -> referrals.setReferrer(c, a, SUPERVISOR)).isInstanceOf(ConflictException.class)
                .hasFieldOrPropertyWithValue("code", "REFERRER_ALREADY_SET");
        assertThat(graph.count("SELECT count(*) FROM players WHERE id = ? AND referrer_id IS NULL", a)).isEqualTo(1);
    }

    @Test
    void aFailingRewardDoesNotHoldUpTheDepositAndIsRetriedUntilPaid() throws Exception {
        String referrer = player();
        String buyer = referredBy(referrer);
        ledger.failNextRewards(2);
        var deposit = graph.submit("DEPOSIT", buyer, 5_000, null, null);
        graph.approvals.approve(deposit.id(), DomainGraph.operator("approver-9"), null);
        assertThat(graph.orders.get(deposit.id()).status()).isEqualTo(OrderStatus.APPROVED_EXECUTED);
        assertThat(balance(buyer)).isEqualTo(5_000);

        assertThat(referrals.scan()).isEqualTo(1);
        assertThat(referrals.grant()).as("first attempt fails").isZero();
        ReferralReward failed = only(referrer);
        assertThat(failed.status()).isEqualTo(ReferralReward.Status.PENDING);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains("injected");
        assertThat(balance(referrer)).isZero();

        int paid = 0;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos(); paid == 0 && System.nanoTime() < deadline; ) {
            Thread.sleep(25);
            paid = referrals.grant();
        }
        assertThat(paid).isEqualTo(1);
        ReferralReward granted = only(referrer);
        assertThat(granted.status()).isEqualTo(ReferralReward.Status.GRANTED);
        assertThat(granted.attempts()).as("two failures, then success").isEqualTo(3);
        assertThat(granted.lastError()).isNull();
        assertThat(balance(referrer)).as("level 1: 10 % of 5,000").isEqualTo(500);
        assertThat(graph.ledger.verify().balanced()).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private static void work() {
        referrals.scan();
        referrals.grant();
    }

    private static ReferralReward only(String referrer) {
        var items = referrals.referrals(referrer, null, 10).rewards().items();
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static String player() {
        String id = "rf-" + SEQUENCE.incrementAndGet();
        graph.player(id, "USD");
        return id;
    }

    private static String referredBy(String referrer) {
        String id = player();
        referrals.setReferrer(id, referrer, SUPERVISOR);
        return id;
    }

    private static long balance(String player) {
        return -graph.tx.read(() -> graph.ledgerStore.account(AccountCodes.wallet(player))).orElseThrow().posted();
    }

    private static void assertRefused(Runnable call, String code) {
        assertThatThrownBy(call::run).isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", code)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("referrerId"));
    }

    /** The real ledger, except that the next N referral transfers fail as a broken database would. */
    static final class FailingLedger implements Ledger {
        private final Ledger real;
        private final AtomicInteger failures = new AtomicInteger();

        FailingLedger(Ledger real) {
            this.real = real;
        }

        void failNextRewards(int count) {
            failures.set(count);
        }

        @Override
        public TransferResult transfer(TransferRequest request) {
            if (request.kind().equals(ReferralService.TRANSFER_KIND) && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("injected ledger failure");
            }
            return real.transfer(request);
        }

        @Override
        public long openAccount(String code, AccountType type, String currency, Long lowerBound, int buckets) {
            return real.openAccount(code, type, currency, lowerBound, buckets);
        }

        @Override
        public Optional<AccountView> account(String code) {
            return real.account(code);
        }

        @Override
        public Optional<AccountView> account(long id) {
            return real.account(id);
        }

        @Override
        public java.util.Map<String, Long> accountIds(java.util.Collection<String> codes) {
            return real.accountIds(codes);
        }

        @Override
        public Page<AccountView> accounts(String codePrefix, String cursor, int limit) {
            return real.accounts(codePrefix, cursor, limit);
        }

        @Override
        public TransactionStatus finalizePending(long transactionId, boolean commit) {
            return real.finalizePending(transactionId, commit);
        }

        @Override
        public Optional<TransactionView> transaction(long id) {
            return real.transaction(id);
        }

        @Override
        public List<Long> transactionIdsOfOrder(long orderId) {
            return real.transactionIdsOfOrder(orderId);
        }

        @Override
        public Page<EntryView> entries(long accountId, String cursor, int limit) {
            return real.entries(accountId, cursor, limit);
        }

        @Override
        public long postedSumFrom(long accountId, String cursor) {
            return real.postedSumFrom(accountId, cursor);
        }

        @Override
        public LedgerVerification verify() {
            return real.verify();
        }
    }
}
