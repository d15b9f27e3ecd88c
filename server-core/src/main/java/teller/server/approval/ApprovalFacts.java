package teller.server.approval;

import java.util.Map;
import java.util.Set;
import teller.server.ledger.AccountView;
import teller.server.orders.ListedOrder;
import teller.server.orders.Order;
import teller.server.orders.OrderPeople;
import teller.server.players.Player;
import teller.server.risk.LimitRule;
import teller.server.risk.PlayerActivity;

/**
 * Everything the approval rules look at for one order and one caller, read once (for many orders,
 * by one query of {@link ApprovalFactsStore}); {@link ApprovalRules} decides from it with no I/O.
 *
 * @param wallet         the player's wallet as it stands (available = balance minus holds)
 * @param fraudScore     the player's score from open flags (decision 0034)
 * @param activity       the player's approved activity over the limits' windows
 * @param limitOverrides the player's own limits; the environment's defaults fill in the rest
 * @param callerCap      the caller's approval cap in the order's currency, or null when uncapped
 * @param callerRoles    the roles of the active operator behind the caller; empty for anyone else
 * @param provider       the provider the order executes through; null for deposits
 */
public record ApprovalFacts(ListedOrder listed, Player player, AccountView wallet, int fraudScore,
                            PlayerActivity activity, Map<LimitRule, Long> limitOverrides, Long callerCap,
                            Set<String> callerRoles, ProviderState provider) {
    public ApprovalFacts {
        limitOverrides = Map.copyOf(limitOverrides);
        callerRoles = Set.copyOf(callerRoles);
    }

    public Order order() {
        return listed.order();
    }

    public OrderPeople people() {
        return listed.people();
    }

    public ApprovalFacts withProvider(ProviderState state) {
        return new ApprovalFacts(listed, player, wallet, fraudScore, activity, limitOverrides, callerCap, callerRoles,
                state);
    }

    /** The same facts after earlier decisions of the same batch changed the order, its people or the player. */
    public ApprovalFacts after(ListedOrder changed, PlayerActivity newActivity) {
        return new ApprovalFacts(changed, player, wallet, fraudScore, newActivity, limitOverrides, callerCap, callerRoles,
                provider);
    }
}
