package teller.server.provider;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One provider as the console and the API show it: an execution provider (game loads, payouts),
 * the Telegram Bot API, or a payment provider's webhooks. {@code breaker} is null where Teller has
 * no breaker in front of it: an unconfigured provider (nothing is called) and payment webhooks
 * (they call Teller, not the other way round).
 *
 * @param id    stable name: {@code GAME_LOAD}, {@code PAYOUT}, {@code TELEGRAM}, {@code PAYMENT_WEBHOOK:<name>}
 * @param kind  {@code GAME_LOAD}, {@code PAYOUT}, {@code TELEGRAM} or {@code PAYMENT_WEBHOOK}
 */
public record ProviderReport(String id, String kind, String label, boolean configured, boolean sandbox, String baseUrl,
                             Breaker breaker, Double failureRatePercent, ProviderError lastError) {
    public static final String TELEGRAM = "TELEGRAM";
    public static final String PAYMENT_WEBHOOK = "PAYMENT_WEBHOOK";

    /** A breaker's state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, or resilience4j's forced states) and since when. */
    public record Breaker(String state, Instant since) {
        public boolean open() {
            return "OPEN".equals(state) || "FORCED_OPEN".equals(state);
        }
    }

    /** Whether the provider's breaker refuses calls now. */
    public boolean open() {
        return breaker != null && breaker.open();
    }

    /**
     * The one JSON shape of a provider: {@code GET /api/v1/providers} lists these and the
     * {@code PROVIDER_STATE_CHANGED} event carries one. {@code circuitBreakerState} stays for older clients.
     */
    public Map<String, Object> view() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("kind", kind);
        v.put("label", label);
        v.put("configured", configured);
        v.put("sandbox", sandbox);
        v.put("baseUrl", baseUrl);
        Map<String, Object> b = null;
        if (breaker != null) {
            b = new LinkedHashMap<>();
            b.put("state", breaker.state());
            b.put("since", breaker.since() == null ? null : breaker.since().toString());
        }
        v.put("breaker", b);
        v.put("circuitBreakerState", breaker == null ? (configured ? "NONE" : "DISABLED") : breaker.state());
        v.put("failureRatePercent", failureRatePercent);
        Map<String, Object> error = null;
        if (lastError != null) {
            error = new LinkedHashMap<>();
            error.put("code", lastError.code());
            error.put("message", lastError.message());
            error.put("at", lastError.at() == null ? null : lastError.at().toString());
        }
        v.put("lastError", error);
        return v;
    }

    /** An execution provider's report, from its status and health. */
    public static ProviderReport of(ExecutionProvider provider) {
        ProviderStatus status = provider.status();
        ProviderHealth health = provider.health();
        boolean hasBreaker = status.configured() && !status.sandbox() && status.circuitBreakerState() != null
                && !"DISABLED".equals(status.circuitBreakerState());
        Breaker breaker = hasBreaker ? new Breaker(status.circuitBreakerState(), health.breakerSince())
                : status.sandbox() ? new Breaker("CLOSED", health.breakerSince()) : null;
        return new ProviderReport(provider.kind().name(), provider.kind().name(), provider.kind().label(),
                status.configured(), status.sandbox(), status.baseUrl(), breaker, health.failureRatePercent(),
                health.lastError());
    }
}
