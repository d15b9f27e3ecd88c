package teller.server.provider;

/** The external systems an approval executes through. */
public enum ProviderKind {
    GAME_LOAD("game-loads", "GAME_LOAD_API_UNAVAILABLE", "GAME_LOAD_FAILED", "Game-load provider"),
    PAYOUT("payouts", "PAYOUT_API_UNAVAILABLE", "PAYOUT_FAILED", "Payout provider");

    private final String resource;
    private final String unavailableCode;
    private final String failureEvent;
    private final String label;

    ProviderKind(String resource, String unavailableCode, String failureEvent, String label) {
        this.resource = resource;
        this.unavailableCode = unavailableCode;
        this.failureEvent = failureEvent;
        this.label = label;
    }

    /** Path segment of the provider contract: {@code POST {base}/game-loads}. */
    public String resource() {
        return resource;
    }

    public String unavailableCode() {
        return unavailableCode;
    }

    public String failureEvent() {
        return failureEvent;
    }

    public String label() {
        return label;
    }

    /** Prefix of this provider's own error codes, e.g. GAME_LOAD_API_TIMEOUT. */
    public String codePrefix() {
        return name() + "_API_";
    }
}
