package teller.server.events;

public final class EventTypes {
    public static final String ORDER_CREATED = "ORDER_CREATED";
    public static final String WALLET_LOAD_REQUESTED = "WALLET_LOAD_REQUESTED";
    public static final String ORDER_APPROVED = "ORDER_APPROVED";
    public static final String ORDER_REJECTED = "ORDER_REJECTED";
    public static final String ORDER_EXECUTING = "ORDER_EXECUTING";
    public static final String ORDER_VOIDED = "ORDER_VOIDED";
    /** An order changed without a new status, e.g. it received the first of two approvals. */
    public static final String ORDER_UPDATED = "ORDER_UPDATED";
    public static final String GAME_LOAD_FAILED = "GAME_LOAD_FAILED";
    public static final String PAYOUT_FAILED = "PAYOUT_FAILED";
    /** An operator claimed an order (or extended or took over a claim): others should leave it alone. */
    public static final String ORDER_CLAIMED = "ORDER_CLAIMED";
    /** A claim ended: released by its holder, by the order's decision, or by running out. */
    public static final String ORDER_RELEASED = "ORDER_RELEASED";
    public static final String PLAYER_LIMITS_CHANGED = "PLAYER_LIMITS_CHANGED";
    public static final String PLAYER_KYC_CHANGED = "PLAYER_KYC_CHANGED";
    public static final String PLAYER_EXCLUDED = "PLAYER_EXCLUDED";
    public static final String PROOF_FORWARD_UPDATED = "PROOF_FORWARD_UPDATED";
    public static final String FLAG_RAISED = "FLAG_RAISED";
    public static final String FLAG_RESOLVED = "FLAG_RESOLVED";
    /** A dashboard alert turned on or off (payload: alert, active, message; issue 17). */
    public static final String ALERT_CHANGED = "ALERT_CHANGED";
    /** A provider's circuit breaker moved (CLOSED, OPEN, HALF_OPEN); the payload is the provider as the providers list shows it. */
    public static final String PROVIDER_STATE_CHANGED = "PROVIDER_STATE_CHANGED";

    /**
     * Events the server's watchers emit on their own, at any moment, rather than as a request's effect: an alert
     * turning on or off, a provider's breaker moving. Tests that count a request's writes leave them out.
     */
    public static final java.util.Set<String> EMITTED_BY_WATCHERS = java.util.Set.of(ALERT_CHANGED, PROVIDER_STATE_CHANGED);

    private EventTypes() {
    }
}
