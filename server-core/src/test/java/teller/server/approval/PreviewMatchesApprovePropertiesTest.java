package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.jdbi.v3.core.Handle;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.common.DomainException;
import teller.server.ledger.TransactionView;
import teller.server.orders.IntakeRequest;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.players.KycStatus;
import teller.server.provider.ProviderKind;
import teller.server.risk.LimitRule;
import teller.server.support.CountingProvider;
import teller.server.support.DomainGraph;

/**
 * The preview is approve's own decision, not a copy (decision 0060): over random orders (type,
 * amount, currency), players (KYC, self-exclusion, balance, fraud score), limits, caps, dual-approval
 * thresholds, approvers (roles, the Telegram bot, the system), first approvals, claims and provider
 * states, {@code canApprove} is exactly whether approve then goes through, a refusal is the first
 * refusing check's, and the postings are the ledger entries approve then writes (a game load's or
 * withdrawal's hold, and its posting once the provider executed). One database serves all tries.
 */
class PreviewMatchesApprovePropertiesTest {
    private static final AtomicInteger TRIES = new AtomicInteger();
    private static final String[] CURRENCIES = {"USD", "EUR", "JPY"};
    private static final String[] ROLES = {"APPROVER", "SUPERVISOR", "ADMIN"};

    private static CountingProvider gameLoads;
    private static CountingProvider payouts;
    private static DomainGraph graph;
    /** Operator ids: one per role in {@link #ROLES}, then "someone else" (an APPROVER). */
    private static final List<String> operators = new ArrayList<>();

    @BeforeContainer
    static void start() {
        gameLoads = new CountingProvider(ProviderKind.GAME_LOAD);
        payouts = new CountingProvider(ProviderKind.PAYOUT);
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, gameLoads, ProviderKind.PAYOUT, payouts),
                Duration.ofSeconds(20), teller.server.risk.RiskSettings.none().withKycRequiredForWithdrawal(true));
        for (String role : new String[] {"APPROVER", "SUPERVISOR", "ADMIN", "APPROVER"}) {
            String username = "pv-" + role.toLowerCase(java.util.Locale.ROOT) + operators.size();
            operators.add(graph.jdbi().withHandle(h -> h.createQuery("""
                            INSERT INTO operators (username, password_hash, roles) VALUES (:u, 'not-a-hash', ARRAY[:r])
                            RETURNING id::text""").bind("u", username).bind("r", role).mapTo(String.class).one()));
        }
    }

    @AfterContainer
    static void stop() {
        graph.close();
    }

    /** Who approves: an operator of a role, the Telegram bot acting for the APPROVER, or the system. */
    enum Approver { APPROVER, SUPERVISOR, ADMIN, TELEGRAM, SYSTEM }

    enum Exclusion { NONE, ENDED, UNTIL_LATER, PERMANENT }

    enum Provider { CLOSED, NOT_CONFIGURED, SANDBOX, OPEN, HALF_OPEN }

    /** Who else touched the order before: entered it, gave a first approval, holds a claim. */
    enum Other { NOBODY, SOMEONE_ELSE, THE_APPROVER }

    enum ClaimState { NONE, SOMEONE_ELSE_LIVE, THE_APPROVER_LIVE, SOMEONE_ELSE_EXPIRED }

    record Case(OrderType type, String currency, long amount, long funding, KycStatus kyc, Exclusion exclusion,
                int fraudScore, Map<LimitRule, Long> limits, Long cap, Long dualMin, Approver approver, Other maker,
                Other firstApproval, ClaimState claim, Provider provider, boolean rejectedFirst) {
    }

    /**
     * Each field mostly takes a value that lets the approval through, so that most cases reach deep
     * into the checks (and many are approved), while every refusal still comes up regularly.
     */
    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Map<LimitRule, Long>> limits = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Map.<LimitRule, Long>of())),
                Tuple.of(1, Arbitraries.maps(Arbitraries.of(LimitRule.class), Arbitraries.longs().between(0, 6_000))
                        .ofMinSize(1).ofMaxSize(3)));
        return Builders.withBuilder(() -> new Object[16])
                .use(Arbitraries.of(OrderType.class)).in((a, v) -> set(a, 0, v))
                .use(Arbitraries.of(CURRENCIES)).in((a, v) -> set(a, 1, v))
                .use(Arbitraries.longs().between(1, 5_000)).in((a, v) -> set(a, 2, v))
                .use(mostly(10_000L, 0L, 2_000L)).in((a, v) -> set(a, 3, v))
                .use(mostly(KycStatus.VERIFIED, KycStatus.NONE, KycStatus.PENDING, KycStatus.REJECTED)).in((a, v) -> set(a, 4, v))
                .use(mostly(Exclusion.NONE, Exclusion.ENDED, Exclusion.UNTIL_LATER, Exclusion.PERMANENT)).in((a, v) -> set(a, 5, v))
                .use(mostly(0, 30, 60, 90)).in((a, v) -> set(a, 6, v))
                .use(limits).in((a, v) -> set(a, 7, v))
                .use(Arbitraries.longs().between(1, 6_000).injectNull(0.7)).in((a, v) -> set(a, 8, v))
                .use(Arbitraries.longs().between(1, 6_000).injectNull(0.5)).in((a, v) -> set(a, 9, v))
                .use(Arbitraries.of(Approver.class)).in((a, v) -> set(a, 10, v))
                .use(mostly(Other.NOBODY, Other.SOMEONE_ELSE, Other.THE_APPROVER)).in((a, v) -> set(a, 11, v))
                .use(mostly(Other.NOBODY, Other.SOMEONE_ELSE, Other.THE_APPROVER)).in((a, v) -> set(a, 12, v))
                .use(mostly(ClaimState.NONE, ClaimState.SOMEONE_ELSE_LIVE, ClaimState.THE_APPROVER_LIVE,
                        ClaimState.SOMEONE_ELSE_EXPIRED)).in((a, v) -> set(a, 13, v))
                .use(mostly(Provider.CLOSED, Provider.NOT_CONFIGURED, Provider.SANDBOX, Provider.OPEN, Provider.HALF_OPEN))
                .in((a, v) -> set(a, 14, v))
                .use(mostly(false, true)).in((a, v) -> set(a, 15, v))
                .build(a -> new Case((OrderType) a[0], (String) a[1], (Long) a[2], (Long) a[3], (KycStatus) a[4],
                        (Exclusion) a[5], (Integer) a[6], cast(a[7]), (Long) a[8], (Long) a[9], (Approver) a[10],
                        (Other) a[11], (Other) a[12], (ClaimState) a[13], (Provider) a[14], (Boolean) a[15]));
    }

    /** The first value four times in five, one of the others otherwise. */
    @SafeVarargs
    private static <T> Arbitrary<T> mostly(T usual, T... others) {
        return Arbitraries.frequencyOf(Tuple.of(4 * others.length, Arbitraries.just(usual)),
                Tuple.of(others.length, Arbitraries.of(others)));
    }

    private static Object[] set(Object[] array, int index, Object value) {
        array[index] = value;
        return array;
    }

    @SuppressWarnings("unchecked")
    private static Map<LimitRule, Long> cast(Object limits) {
        return (Map<LimitRule, Long>) limits;
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
    void canApproveIsWhetherApproveGoesThroughAndThePostingsAreWhatItWrites(@ForAll("cases") Case c) {
        long orderId = arrange(c);
        Actor actor = actorOf(c.approver());

        ApprovalPreview preview = graph.approvals.preview(orderId, actor, true);
        DomainException refusal = null;
        try {
            graph.approvals.approve(orderId, actor, null);
        } catch (DomainException e) {
            refusal = e;
        }

        String where = c + "\n" + preview.checks();
        assertThat(preview.canApprove()).as("canApprove vs approve's refusal %s\n%s", refusal, where)
                .isEqualTo(refusal == null);
        if (refusal != null) {
            Check first = preview.checks().stream().filter(k -> k.outcome().refuses()).findFirst().orElseThrow();
            assertThat(refusal.code()).as(where).isEqualTo(first.refusal().code());
            Statistics.label("outcome").collect("refused by " + first.name());
            assertThat(transactionsOf(orderId)).as(where).isEmpty();
            return;
        }
        boolean firstOfTwo = preview.checks().stream().anyMatch(k -> k.outcome() == Check.Outcome.NEEDS_SECOND_APPROVER);
        Order after = graph.orders.get(orderId);
        if (firstOfTwo) {
            Statistics.label("outcome").collect("first of two recorded");
            assertThat(after.status()).as(where).isEqualTo(OrderStatus.PENDING_REVIEW);
            assertThat(transactionsOf(orderId)).as(where).isEmpty();
            return;
        }
        Statistics.label("outcome").collect("approved " + c.type());
        assertThat(after.status()).as(where).isEqualTo(OrderStatus.APPROVED_EXECUTED);
        List<Long> written = transactionsOf(orderId);
        assertThat(written).as(where).hasSize(1);
        TransactionView transaction = graph.tx.read(() -> graph.ledgerStore.transaction(written.get(0))).orElseThrow();
        List<String> entries = transaction.entries().stream().map(e -> e.accountCode() + " " + e.amount()).sorted().toList();
        for (ApprovalPostings.Phase phase : ApprovalPostings.Phase.values()) {
            List<String> legs = preview.postings().stream().filter(p -> p.phase() == phase)
                    .map(p -> p.account() + " " + p.amount()).sorted().toList();
            if (phase == ApprovalPostings.Phase.HOLD && c.type() == OrderType.DEPOSIT) {
                assertThat(legs).as("a deposit holds nothing").isEmpty();
            } else {
                assertThat(legs).as(phase + " " + where).isEqualTo(entries);
                assertThat(preview.postings().stream().filter(p -> p.phase() == phase).mapToLong(p -> p.amount()).sum())
                        .isZero();
            }
        }
    }

    // ------------------------------------------------------------------ arranging one case

    private static long arrange(Case c) {
        String player = "pv" + TRIES.incrementAndGet();
        graph.players.register(player, "user-" + player, c.currency(), Actor.system("test"));
        if (c.funding() > 0) {
            Order deposit = submit(player, c.currency(), OrderType.DEPOSIT, c.funding(), DomainGraph.integration());
            graph.approvals.approve(deposit.id(), Actor.system("funding"), null);
        }
        String approverId = operatorOf(c.approver());
        String someoneElse = operators.get(3);
        Actor maker = switch (c.maker()) {
            case NOBODY -> DomainGraph.integration();
            case SOMEONE_ELSE -> new Actor(ActorType.OPERATOR, someoneElse, "pv-other", "127.0.0.1");
            case THE_APPROVER -> new Actor(ActorType.OPERATOR, approverId == null ? someoneElse : approverId, "pv", "127.0.0.1");
        };
        long orderId = submit(player, c.currency(), c.type(), c.amount(), maker).id();
        if (c.rejectedFirst()) {
            graph.approvals.reject(orderId, Actor.system("test"), "rejected before the approval");
        }
        Instant now = graph.clock.instant();
        graph.jdbi().useTransaction(h -> {
            h.createUpdate("UPDATE players SET kyc_status = :k, exclusion_type = :t, exclusion_until = :u WHERE id = :p")
                    .bind("k", c.kyc().name()).bind("p", player)
                    .bind("t", c.exclusion() == Exclusion.NONE ? null : c.exclusion() == Exclusion.PERMANENT ? "PERMANENT" : "TEMPORARY")
                    .bind("u", switch (c.exclusion()) {
                        case NONE, PERMANENT -> null;
                        case ENDED -> java.time.OffsetDateTime.ofInstant(now.minusSeconds(3_600), java.time.ZoneOffset.UTC);
                        case UNTIL_LATER -> java.time.OffsetDateTime.ofInstant(now.plusSeconds(86_400), java.time.ZoneOffset.UTC);
                    })
                    .execute();
            if (c.fraudScore() > 0) {
                h.createUpdate("""
                                INSERT INTO fraud_flags (player_id, rule, dedupe_key, evidence, points)
                                VALUES (:p, 'VELOCITY', :p, '{}'::jsonb, :points)""")
                        .bind("p", player).bind("points", c.fraudScore()).execute();
            }
            c.limits().forEach((rule, value) -> h.createUpdate(
                            "INSERT INTO player_limits (player_id, rule, value) VALUES (:p, :r, :v)")
                    .bind("p", player).bind("r", rule.name()).bind("v", value).execute());
            h.createUpdate("DELETE FROM dual_approval_thresholds WHERE currency = :c").bind("c", c.currency()).execute();
            if (c.dualMin() != null) {
                h.createUpdate("INSERT INTO dual_approval_thresholds (currency, amount_min) VALUES (:c, :m)")
                        .bind("c", c.currency()).bind("m", c.dualMin()).execute();
            }
            h.createUpdate("DELETE FROM operator_approval_caps WHERE currency = :c").bind("c", c.currency()).execute();
            if (c.cap() != null && approverId != null) {
                h.createUpdate("INSERT INTO operator_approval_caps (operator_id, currency, amount_max) VALUES (:o, :c, :m)")
                        .bind("o", Long.parseLong(approverId)).bind("c", c.currency()).bind("m", c.cap()).execute();
            }
            String firstBy = c.firstApproval() == Other.SOMEONE_ELSE ? someoneElse
                    : c.firstApproval() == Other.THE_APPROVER ? approverId : null;
            if (firstBy != null) {
                h.createUpdate("INSERT INTO order_approvals (order_id, approver_type, approver_id) VALUES (:o, 'OPERATOR', :a)")
                        .bind("o", orderId).bind("a", firstBy).execute();
            }
            claim(h, c.claim(), orderId, someoneElse, approverId, now);
        });
        CountingProvider provider = c.type() == OrderType.WITHDRAWAL ? payouts : gameLoads;
        provider.behaveNext(CountingProvider.Behaviour.SUCCEED);
        switch (c.provider()) {
            case CLOSED -> provider.reportStatus(true, false, "CLOSED", null);
            case NOT_CONFIGURED -> provider.reportStatus(false, false, "DISABLED", null);
            case SANDBOX -> provider.reportStatus(true, true, "CLOSED", null);
            case OPEN -> provider.reportStatus(true, false, "OPEN", now.plusSeconds(20));
            case HALF_OPEN -> provider.reportStatus(true, false, "HALF_OPEN", null);
        }
        return orderId;
    }

    private static void claim(Handle h, ClaimState state, long orderId, String someoneElse, String approverId, Instant now) {
        String by = switch (state) {
            case NONE -> null;
            case SOMEONE_ELSE_LIVE, SOMEONE_ELSE_EXPIRED -> someoneElse;
            case THE_APPROVER_LIVE -> approverId;
        };
        if (by == null) {
            return;
        }
        Instant expires = state == ClaimState.SOMEONE_ELSE_EXPIRED ? now.minusSeconds(10) : now.plusSeconds(200);
        h.createUpdate("""
                        INSERT INTO order_claims (order_id, operator_id, claimed_at, expires_at)
                        VALUES (:o, :by, :at, :until)""")
                .bind("o", orderId).bind("by", Long.parseLong(by))
                .bind("at", java.time.OffsetDateTime.ofInstant(expires.minusSeconds(300), java.time.ZoneOffset.UTC))
                .bind("until", java.time.OffsetDateTime.ofInstant(expires, java.time.ZoneOffset.UTC))
                .execute();
    }

    private static Order submit(String player, String currency, OrderType type, long amount, Actor by) {
        return graph.intake.submit(new IntakeRequest(type.name(), player, amount, currency,
                type == OrderType.GAME_LOAD ? "Lucky 9" : null, null, "API", null, null), null, by).order();
    }

    /** The operator id behind an approver, or null for the system. */
    private static String operatorOf(Approver approver) {
        return switch (approver) {
            case APPROVER, TELEGRAM -> operators.get(0);
            case SUPERVISOR -> operators.get(1);
            case ADMIN -> operators.get(2);
            case SYSTEM -> null;
        };
    }

    private static Actor actorOf(Approver approver) {
        return switch (approver) {
            case SYSTEM -> Actor.system("payment-webhook:test");
            case TELEGRAM -> new Actor(ActorType.TELEGRAM_BOT, operators.get(0), "pv-approver0", "telegram");
            default -> new Actor(ActorType.OPERATOR, operatorOf(approver), "pv-" + approver, "127.0.0.1");
        };
    }

    private static List<Long> transactionsOf(long orderId) {
        return graph.jdbi().withHandle(h -> h.createQuery("SELECT id FROM ledger_transactions WHERE order_id = :o ORDER BY id")
                .bind("o", orderId).mapTo(Long.class).list());
    }
}
