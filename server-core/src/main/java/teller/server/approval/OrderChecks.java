package teller.server.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import teller.server.common.UnavailableException;
import teller.server.ledger.AccountView;
import teller.server.ledger.InsufficientFundsException;
import teller.server.orders.Order;
import teller.server.orders.OrderType;
import teller.server.players.Player;
import teller.server.risk.Compliance;
import teller.server.risk.LimitCheck;
import teller.server.risk.LimitRule;
import teller.server.risk.Limits;

/**
 * The checks about the player and the provider: self-exclusion, KYC, each limit, available funds and
 * the provider's state. Pure functions over the facts, called only by {@link ApprovalRules}.
 */
final class OrderChecks {
    private OrderChecks() {
    }

    static Check exclusion(Order order, Player player, Instant now) {
        var refusal = Compliance.exclusionRefusal(order.type(), player, now);
        if (refusal.isPresent()) {
            return Check.block(Check.SELF_EXCLUSION, "self-excluded (" + Compliance.exclusionText(player) + "): no "
                    + order.type() + " is accepted", refusal.get());
        }
        return Check.pass(Check.SELF_EXCLUSION, player.exclusionType() == null ? "not self-excluded"
                : "the self-exclusion (" + Compliance.exclusionText(player) + ") has ended");
    }

    static Check kyc(Order order, Player player, boolean kycRequired) {
        var refusal = Compliance.kycRefusal(order.type(), player, kycRequired);
        if (refusal.isPresent()) {
            return Check.block(Check.KYC, "KYC status " + player.kycStatus() + "; a withdrawal needs VERIFIED",
                    refusal.get());
        }
        return Check.pass(Check.KYC, "KYC status " + player.kycStatus());
    }

    /** One check per limit of the order's type; approve refuses on the first failed one (decision 0015). */
    static List<Check> limits(Order order, List<LimitCheck> evaluated) {
        List<Check> checks = new ArrayList<>(evaluated.size());
        for (LimitCheck limit : evaluated) {
            String name = limit.rule().name();
            if (limit.outcome() == LimitCheck.Outcome.NO_LIMIT) {
                checks.add(Check.pass(name, "no limit is set"));
            } else if (limit.failed()) {
                checks.add(Check.block(name, describe(limit, order.currency()),
                        Limits.refusal(order.id(), List.of(limit)).orElseThrow()));
            } else {
                checks.add(Check.pass(name, describe(limit, order.currency())));
            }
        }
        return checks;
    }

    private static String describe(LimitCheck limit, String currency) {
        if (limit.rule() == LimitRule.WITHDRAWAL_COOLDOWN_SECONDS) {
            if (limit.current() == null) {
                return "no earlier withdrawal; the cooldown is " + limit.limit() + " s";
            }
            return "the last withdrawal was " + limit.current() + " s ago; the cooldown is " + limit.limit() + " s";
        }
        String what = switch (limit.rule()) {
            case DAILY_DEPOSIT_LIMIT -> "deposits in the last 24 hours, this one included,";
            case DAILY_LOSS_LIMIT -> "net loss in the last 24 hours, this load included,";
            case WEEKLY_LOSS_LIMIT -> "net loss in the last 7 days, this load included,";
            case MONTHLY_LOSS_LIMIT -> "net loss in the last 30 days, this load included,";
            case MAX_BET_AMOUNT -> "this game load";
            case MAX_PAYOUT_AMOUNT -> "this withdrawal";
            case WITHDRAWAL_COOLDOWN_SECONDS -> throw new IllegalStateException("handled above");
        };
        String current = Figures.money(limit.current(), currency);
        String max = Figures.money(limit.limit(), currency);
        return limit.failed() ? what + " would be " + current + ", above the limit of " + max
                : what + " would be " + current + " of the limit of " + max;
    }

    /** A game load or withdrawal holds the amount on the wallet, which may not go below zero. */
    static Check funds(Order order, AccountView wallet) {
        String need = Figures.money(order.amount(), order.currency());
        String available = Figures.money(wallet.available(), order.currency());
        if (wallet.available() < order.amount()) {
            return Check.block(Check.FUNDS, "available " + available + " does not cover " + need,
                    new InsufficientFundsException("player " + order.playerId() + " has " + available
                            + " available; this " + order.type() + " needs " + need));
        }
        return Check.pass(Check.FUNDS, "available " + available + " covers " + need);
    }

    /**
     * A game load or withdrawal goes to its provider: refused up front while the provider is not
     * configured or its breaker is OPEN, so the order stays as it was and no attempt is used
     * (decision 0061). HALF_OPEN lets the call through as the breaker's trial.
     */
    static Check provider(Order order, ProviderState state, Instant now) {
        String label = state.kind().label();
        if (!state.configured()) {
            return unavailable(order, state, label + " is not configured (set " + state.kind().name() + "_API_URL)",
                    "NOT_CONFIGURED", null);
        }
        if (state.sandbox()) {
            return Check.pass(Check.PROVIDER, "SANDBOX " + label.toLowerCase(java.util.Locale.ROOT)
                    + ": executes nothing real");
        }
        if (ProviderState.OPEN.equals(state.breaker()) || ProviderState.FORCED_OPEN.equals(state.breaker())) {
            Long wait = state.halfOpenAt() == null ? null
                    : Math.max(1, (Duration.between(now, state.halfOpenAt()).toMillis() + 999) / 1000);
            return unavailable(order, state, label + "'s circuit breaker is " + state.breaker() + " after repeated failures"
                    + (wait == null ? "" : "; it lets a trial call through in " + wait + " s"), state.breaker(), wait);
        }
        if (ProviderState.HALF_OPEN.equals(state.breaker())) {
            return Check.pass(Check.PROVIDER, label + "'s circuit breaker is HALF_OPEN: this call is its trial");
        }
        return Check.pass(Check.PROVIDER, label + " is configured; circuit breaker " + state.breaker());
    }

    private static Check unavailable(Order order, ProviderState state, String detail, String stateName, Long wait) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", state.kind().name());
        details.put("state", stateName);
        if (wait != null) {
            details.put("retryAfterSeconds", wait);
        }
        return Check.block(Check.PROVIDER, detail, new UnavailableException("PROVIDER_UNAVAILABLE",
                detail + "; order " + order.id() + " was not changed", details, wait));
    }

    /** Whether the order's type goes through a provider (and holds funds first). */
    static boolean executes(OrderType type) {
        return type != OrderType.DEPOSIT;
    }
}
