package teller.ui.api;

import java.time.Instant;

/**
 * One provider as {@code GET /api/v1/providers} and the {@code PROVIDER_STATE_CHANGED} event give it:
 * game-load, payout, Telegram or a payment provider's webhooks. {@code breaker} is null where the
 * server has none in front of it (not configured, or webhooks, which call the server).
 */
public record ProviderInfo(String id, String kind, String label, boolean configured, boolean sandbox, String baseUrl,
                           Breaker breaker, Double failureRatePercent, LastError lastError) {
    public static final String GAME_LOAD = "GAME_LOAD";
    public static final String PAYOUT = "PAYOUT";

    public record Breaker(String state, Instant since) {
    }

    public record LastError(String code, String message, Instant at) {
    }

    /** The breaker refuses calls now (OPEN, or forced open). */
    public boolean open() {
        return breaker != null && ("OPEN".equals(breaker.state()) || "FORCED_OPEN".equals(breaker.state()));
    }

    /** Whether it executes orders (game loads, payouts). */
    public boolean executes() {
        return GAME_LOAD.equals(kind) || PAYOUT.equals(kind);
    }

    /** An executing provider that cannot take an approval or a retry now: not configured (and no sandbox), or OPEN. */
    public boolean down() {
        return executes() && ((!configured && !sandbox) || open());
    }

    /** "OPEN", "CLOSED", "HALF_OPEN", "NOT CONFIGURED" or "NO BREAKER". */
    public String stateText() {
        if (!configured) {
            return "NOT CONFIGURED";
        }
        return breaker == null ? "NO BREAKER" : breaker.state();
    }

    /** Why a retry through this provider cannot go now; null when it can. */
    public String downReason() {
        if (!down()) {
            return null;
        }
        return !configured ? label + " is not configured" : label + "'s circuit breaker is " + breaker.state()
                + "; Retry enables itself when it closes";
    }

    /** The provider an order of {@code type} executes through. */
    public static String idFor(OrderType type) {
        return type == OrderType.GAME_LOAD ? GAME_LOAD : PAYOUT;
    }
}
