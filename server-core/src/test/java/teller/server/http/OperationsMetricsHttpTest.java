package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import teller.server.support.ApiClient.Reply;

/**
 * Issue 17's counters and alert gauges on a real server's {@code /metrics}: idempotent replays per
 * route, refused requests per error code, and {@code teller_alert_active} for the new alerts.
 * Counters are updated after the response is sent, so the scrape is polled until it shows them.
 */
class OperationsMetricsHttpTest extends HttpApiFixture {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String scrapeUntil(String... lines) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String text;
        do {
            Reply metrics = admin.get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            text = metrics.text();
            String t = text;
            if (java.util.Arrays.stream(lines).allMatch(t::contains)) {
                return text;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        } while (System.nanoTime() < deadline);
        return text;
    }

    @Test
    void replaysPerRouteRefusalsPerCodeAndTheNewAlertsAreOnMetrics() {
        Map<String, Object> player = Map.of("id", "metrics-p1", "username", "metrics.one", "currency", "USD");
        assertThat(admin.post("/api/v1/players", player, Map.of("Idempotency-Key", "mp-1")).status()).isEqualTo(201);
        Reply replay = admin.post("/api/v1/players", player, Map.of("Idempotency-Key", "mp-1"));
        assertThat(replay.body().get("duplicate").asBoolean()).isTrue();
        assertThat(admin.post("/api/v1/players", player, Map.of("Idempotency-Key", "mp-1")).status()).isEqualTo(201);

        Map<String, Object> chatDeposit = new LinkedHashMap<>(order("DEPOSIT", "metrics-p1", 100));
        chatDeposit.put("source", Map.of("channel", "CHAT", "conversationId", "c-1"));
        assertThat(clerk.post("/api/v1/orders", chatDeposit).status()).isEqualTo(422);

        String replays = "teller_idempotent_replays_total{route=\"POST /api/v1/players\"} 2.0";
        String refused = "teller_refused_requests_total{code=\"CHAT_ORDER_TYPE\",status=\"422\"} 1.0";
        String newCode = "teller_alert_active{alert=\"NEW_ERROR_CODE\"} 1.0";
        String text = scrapeUntil(replays, refused, newCode);
        assertThat(text).contains(replays, refused, newCode);
        assertThat(text).contains("teller_alert_active{alert=\"FRAUD_SCORE_PENDING\"} 0.0",
                "teller_alert_active{alert=\"PAYMENT_WEBHOOK_FAILED_RATIO\"} 0.0");
        assertThat(admin.get("/api/v1/dashboard").body().toString()).contains("CHAT_ORDER_TYPE");
    }
}
