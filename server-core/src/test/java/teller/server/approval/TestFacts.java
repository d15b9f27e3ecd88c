package teller.server.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import teller.server.ledger.AccountType;
import teller.server.ledger.AccountView;
import teller.server.orders.Channel;
import teller.server.orders.ListedOrder;
import teller.server.orders.Order;
import teller.server.orders.OrderPeople;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.players.KycStatus;
import teller.server.players.Player;
import teller.server.players.PlayerStatus;
import teller.server.provider.ProviderKind;
import teller.server.risk.LimitRule;
import teller.server.risk.PlayerActivity;

/**
 * The facts of one order for {@link ApprovalRulesTest}, built by hand: a pending USD deposit of 10.00
 * by the portal, a VERIFIED player with 10,000.00 available, a CLOSED provider, unless changed.
 */
final class TestFacts {
private final Instant now;
    private OrderType type = OrderType.DEPOSIT;
    private OrderStatus status = OrderStatus.PENDING_REVIEW;
    private long amount = 1_000;
    private String makerType = "INTEGRATION";
    private String makerId = "portal";
    private String makerName;
    private Long dualMin;
    private List<OrderPeople.GivenApproval> approvals = List.of();
    private OrderPeople.Claim claim;
    private KycStatus kyc = KycStatus.VERIFIED;
    private String exclusionType;
    private Instant exclusionUntil;
    private long available = 1_000_000;
    private int score;
    private PlayerActivity activity = PlayerActivity.NONE;
    private Map<LimitRule, Long> limits = Map.of();
    private Long cap;
    private Set<String> roles = Set.of("APPROVER");
    private ProviderState provider = new ProviderState(ProviderKind.GAME_LOAD, true, false, "CLOSED", null);

    TestFacts(Instant now) {
        this.now = now;
    }

    TestFacts type(OrderType t) {
        type = t;
        ProviderKind kind = t == OrderType.WITHDRAWAL ? ProviderKind.PAYOUT : ProviderKind.GAME_LOAD;
        provider = new ProviderState(kind, provider.configured(), provider.sandbox(), provider.breaker(),
                provider.halfOpenAt());
        return this;
    }

    TestFacts status(OrderStatus s) {
        status = s;
        return this;
    }

    TestFacts amount(long a) {
        amount = a;
        return this;
    }

    /** The maker's username, as the order's people read carries it. */
    TestFacts makerName(String username) {
        makerName = username;
        return this;
    }

    TestFacts maker(String t, String id) {
        makerType = t;
        makerId = id;
        return this;
    }

    TestFacts dualMin(Long min) {
        dualMin = min;
        return this;
    }

    TestFacts approvals(OrderPeople.GivenApproval... given) {
        approvals = List.of(given);
        return this;
    }

    TestFacts claim(OrderPeople.Claim c) {
        claim = c;
        return this;
    }

    TestFacts kyc(KycStatus k) {
        kyc = k;
        return this;
    }

    TestFacts exclusion(String t, Instant until) {
        exclusionType = t;
        exclusionUntil = until;
        return this;
    }

    TestFacts available(long a) {
        available = a;
        return this;
    }

    TestFacts score(int s) {
        score = s;
        return this;
    }

    TestFacts activity(PlayerActivity a) {
        activity = a;
        return this;
    }

    TestFacts limit(LimitRule rule, Long value) {
        limits = Map.of(rule, value);
        return this;
    }

    TestFacts cap(Long c) {
        cap = c;
        return this;
    }

    TestFacts roles(String... r) {
        roles = Set.of(r);
        return this;
    }

    TestFacts provider(ProviderState p) {
        provider = p;
        return this;
    }

    ApprovalFacts build() {
        Order order = new Order(41, type, status, "p-1", amount, "USD", type == OrderType.GAME_LOAD ? "Pusoy" : null,
                null, Channel.API, null, "key-41", "hash", null, makerType, makerId, now.minusSeconds(600),
                now.minusSeconds(600), new Order.Approval(null, null, null, null),
                new Order.Execution(status == OrderStatus.APPROVED_FAILED ? 1 : 0, null, null, null, null, null, null,
                        null),
                new Order.Decision(null, null, null, null), new Order.Decision(null, null, null, null));
        OrderPeople people = new OrderPeople(makerName != null ? makerName : makerId, null, null, null, approvals, dualMin, claim);
        Player player = new Player("p-1", "player.one", "USD", PlayerStatus.ACTIVE, kyc, exclusionType, exclusionUntil,
                null, 100, now.minus(Duration.ofDays(100)));
        // A wallet is a liability: its balance is minus what is posted.
        AccountView wallet = new AccountView(100, "player:p-1:wallet", AccountType.LIABILITY, "USD", 0L, -available, 0,
                0);
        return new ApprovalFacts(new ListedOrder(order, people), player, wallet, score, activity, limits, cap, roles,
                type == OrderType.DEPOSIT ? null : provider);
    }
}
