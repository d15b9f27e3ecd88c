package teller.server.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import teller.server.ledger.AccountCodes;
import teller.server.ledger.AccountType;
import teller.server.ledger.Leg;
import teller.server.ledger.Ledger;
import teller.server.ledger.TransferRequest;
import teller.server.orders.Order;
import teller.server.orders.OrderType;

/**
 * The ledger legs that approving an order writes, per order type: the one function both approve
 * and the preview use (decision 0060). Amounts are signed as in the ledger (debit positive, credit
 * negative) and each phase sums to zero.
 * <ul>
 *   <li>DEPOSIT: POST Dr {@code house:cash:<cur>} / Cr the player's wallet, at once.</li>
 *   <li>GAME_LOAD: HOLD Dr wallet / Cr {@code house:game:<game>:<cur>}, then POST of that hold when the
 *       provider executed (VOID instead when it failed).</li>
 *   <li>WITHDRAWAL: HOLD Dr wallet / Cr {@code house:payout_clearing:<cur>}, then POST (or VOID) likewise.</li>
 * </ul>
 */
public final class ApprovalPostings {
    /** When a leg is written: a hold placed before the provider call, or a posting. */
    public enum Phase {
        HOLD, POST
    }

    /** One leg as the preview shows it; {@code accountType} is what the account is opened as if it does not exist yet. */
    public record Posting(String account, AccountType accountType, String currency, long amount, Phase phase) {
    }

    private ApprovalPostings() {
    }

    /** Every leg approving {@code order} writes, phase by phase. */
    public static List<Posting> of(Order order) {
        List<Posting> legs = new ArrayList<>(4);
        if (order.type() == OrderType.DEPOSIT) {
            legs.addAll(legs(order, Phase.POST));
        } else {
            legs.addAll(legs(order, Phase.HOLD));
            legs.addAll(legs(order, Phase.POST));
        }
        return legs;
    }

    /** The legs of the transaction approving writes: the deposit's posting, or the execution's hold. */
    static List<Posting> transfer(Order order) {
        return legs(order, order.type() == OrderType.DEPOSIT ? Phase.POST : Phase.HOLD);
    }

    private static List<Posting> legs(Order order, Phase phase) {
        String currency = order.currency();
        String wallet = AccountCodes.wallet(order.playerId());
        return switch (order.type()) {
            case DEPOSIT -> List.of(
                    new Posting(AccountCodes.houseCash(currency), AccountType.ASSET, currency, order.amount(), phase),
                    new Posting(wallet, AccountType.LIABILITY, currency, -order.amount(), phase));
            case GAME_LOAD -> List.of(
                    new Posting(wallet, AccountType.LIABILITY, currency, order.amount(), phase),
                    new Posting(AccountCodes.houseGame(order.gameName(), currency), AccountType.LIABILITY, currency,
                            -order.amount(), phase));
            case WITHDRAWAL -> List.of(
                    new Posting(wallet, AccountType.LIABILITY, currency, order.amount(), phase),
                    new Posting(AccountCodes.payoutClearing(currency), AccountType.LIABILITY, currency, -order.amount(),
                            phase));
        };
    }

    /** The ledger's idempotency key of a deposit's posting. */
    static String depositKey(long orderId) {
        return "order:" + orderId + ":deposit";
    }

    /** The ledger's idempotency key of an execution attempt's hold. */
    static String holdKey(long orderId, int attempt) {
        return "order:" + orderId + ":hold:" + attempt;
    }

    /** The ledger transaction's kind for the order's type. */
    static String kind(OrderType type) {
        return type.name();
    }

    /**
     * The account ids of these legs by code, in one query; a house account that does not exist yet
     * (the first order of a game or currency) is opened, split into buckets as hot accounts are.
     */
    static Map<String, Long> accountIds(Ledger ledger, java.util.Collection<Posting> postings) {
        Map<String, Posting> byCode = new java.util.LinkedHashMap<>();
        postings.forEach(p -> byCode.putIfAbsent(p.account(), p));
        Map<String, Long> ids = new java.util.HashMap<>(ledger.accountIds(byCode.keySet()));
        byCode.forEach((code, posting) -> {
            if (!ids.containsKey(code)) {
                if (!code.startsWith("house:")) {
                    throw new IllegalStateException("account " + code + " does not exist; only house accounts open on first use");
                }
                ids.put(code, ledger.openAccount(code, posting.accountType(), posting.currency(), null,
                        AccountCodes.HOT_ACCOUNT_BUCKETS));
            }
        });
        return ids;
    }

    /** The hold of an execution attempt, with the legs' accounts resolved to ids. */
    static TransferRequest hold(Order order, int attempt, Map<String, Long> accountIds) {
        List<Leg> legs = transfer(order).stream().map(p -> new Leg(accountIds.get(p.account()), p.amount())).toList();
        return new TransferRequest(holdKey(order.id(), attempt), kind(order.type()), order.id(), order.currency(), legs,
                true, Map.of("orderId", String.valueOf(order.id()), "attempt", attempt), null);
    }
}
